package dev.holdfast.cli;

import static dev.holdfast.cli.JsonShape.assertCamelCase;
import static dev.holdfast.cli.JsonShape.assertShape;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code holdfast sast ...} and {@code holdfast posture} as a user runs them. */
class SastCommandTest {
  static final String[] REPORT = {
    "id:string",
    "app:string",
    "version:string",
    "versionSource:string",
    "ingestedAt:time",
    "source:string",
    "sha256:string",
    "tools:array",
    "runs:integer",
    "results:integer"
  };
  static final String[] VERSION_POSTURE = {
    "app:string",
    "version:string",
    "verdict:string",
    "open:object",
    "suppressed:integer",
    "waived:integer",
    "fixed:integer",
    "reports:integer"
  };
  static final String[] COUNTS = {
    "critical:integer", "high:integer", "medium:integer", "low:integer", "info:integer"
  };
  static final String[] SNAPSHOT_POSTURE = {
    "id:string",
    "shortId:string",
    "time:time",
    "host:string",
    "source:string",
    "verdict:string",
    "suspect:boolean",
    "open:object",
    "why:string",
    "versions:array"
  };
  static final String[] WAIVER = {
    "id:string",
    "app:string",
    "finding:string",
    "reason:string",
    "until:time",
    "active:boolean",
    "createdAt:time",
    "by:string"
  };

  @TempDir Path tmp;
  CliRepo repo;
  Path data;
  Path vulnerable;

  @BeforeEach
  void repository() throws Exception {
    repo = CliRepo.create(tmp);
    data = SampleTrees.write(tmp.resolve("data"), 3);
    vulnerable = SarifFiles.oneFinding(tmp, "v2.sarif", "XXE", 7.5, "src/Parser.java", 12);
  }

  @Test
  void ingestPrintsTheReportAndTheVersionsPostureAndIsIdempotent() {
    JsonNode json =
        repo.json("sast", "ingest", vulnerable.toString(), "--app", "api", "--version", "2.0");
    assertShape(
        json, "sast ingest", "created:boolean", "report:object", "gate:string", "posture:object");
    assertShape(json.get("report"), "sast ingest.report", REPORT);
    assertShape(json.get("posture"), "sast ingest.posture", VERSION_POSTURE);
    assertShape(json.get("posture").get("open"), "sast ingest.posture.open", COUNTS);
    assertCamelCase(json, "sast ingest");
    assertThat(json.get("created").asBoolean()).isTrue();
    assertThat(json.get("posture").get("verdict").asText()).isEqualTo("vulnerable");
    assertThat(json.get("report").get("versionSource").asText()).isEqualTo("given");

    Cli.Result again =
        repo.ok("sast", "ingest", vulnerable.toString(), "--app", "api", "--version", "2.0");
    assertThat(again.out()).startsWith("already ingested (nothing written): v2.sarif as api=2.0");
    assertThat(repo.json("sast", "reports")).hasSize(1);
  }

  @Test
  void anInvalidReportIsRefusedWithWhereItIsWrongAndNothingIsStored() throws Exception {
    Path bad = tmp.resolve("bad.sarif");
    Files.writeString(bad, "{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": {}}}]}");
    Cli.Result r = repo.run("sast", "ingest", bad.toString(), "--app", "api", "--version", "1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("bad.sarif: required field /runs/0/tool/driver/name is missing");
    Path empty = Files.writeString(tmp.resolve("empty.sarif"), "");
    assertThat(repo.run("sast", "ingest", empty.toString(), "--app", "api", "--version", "1").err())
        .contains("empty.sarif: the report is empty");
    Cli.Result missing =
        repo.run("sast", "ingest", tmp.resolve("nope.sarif").toString(), "--app", "a");
    assertThat(missing.code()).isEqualTo(15);
    assertThat(repo.json("sast", "reports")).isEmpty();
    assertThat(repo.dir.resolve("reports")).isEmptyDirectory();
  }

  @Test
  void levelsMapToTheSeveritiesTheUserChooses() throws Exception {
    Path levelOnly = tmp.resolve("levels.sarif");
    Files.writeString(
        levelOnly,
        """
        {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "lint"}}, "results": [
          {"ruleId": "R1", "level": "error", "message": {"text": "m"}}]}]}
        """);
    JsonNode github =
        repo.json("sast", "ingest", levelOnly.toString(), "--app", "a", "--version", "1");
    JsonNode strict =
        repo.json(
            "sast",
            "ingest",
            levelOnly.toString(),
            "--app",
            "b",
            "--version",
            "1",
            "--level-severity",
            "error=critical");
    assertThat(github.get("posture").get("open").get("high").asInt()).isEqualTo(1);
    assertThat(strict.get("posture").get("open").get("critical").asInt()).isEqualTo(1);
    Cli.Result bad =
        repo.run(
            "sast",
            "ingest",
            levelOnly.toString(),
            "--app",
            "c",
            "--version",
            "1",
            "--level-severity",
            "error=urgent");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--level-severity: 'error=urgent'");
  }

  @Test
  void aReportIsReadFromStandardInputWithTheVersionFromItsRevision() {
    String sarif =
        """
        {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "ci"}},
          "versionControlProvenance": [{"repositoryUri": "https://git", "revisionId": "c0ffee1"}],
          "results": []}]}
        """;
    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream(sarif.getBytes(StandardCharsets.UTF_8)));
      JsonNode json = repo.json("sast", "ingest", "-", "--app", "api");
      assertThat(json.get("report").get("version").asText()).isEqualTo("c0ffee1");
      assertThat(json.get("report").get("source").asText()).isEqualTo("stdin");
      assertThat(json.get("report").get("versionSource").asText()).isEqualTo("revision_id");
      assertThat(json.get("posture").get("verdict").asText()).isEqualTo("clean");
    } finally {
      System.setIn(stdin);
    }
  }

  @Test
  void aWaiverHidesAFindingUntilItIsRemovedAndTheVersionTurnsClean() {
    repo.backup("--app", "api=2.0", data.toString());
    repo.ok("sast", "ingest", vulnerable.toString(), "--app", "api", "--version", "2.0");
    JsonNode finding = repo.json("sast", "findings", "--app", "api", "--version", "2.0").get(0);
    String id = finding.get("id").asText();
    assertThat(finding.get("status").asText()).isEqualTo("open");

    JsonNode waiver =
        repo.json(
            "sast",
            "waive",
            id.substring(0, 6),
            "--reason",
            "parser hardened by config",
            "--until",
            "2099-12-31");
    assertShape(waiver, "sast waive", WAIVER);
    assertThat(waiver.get("finding").asText()).isEqualTo(id);
    assertThat(waiver.get("until").asText()).startsWith("2100-01-01T00:00:00");

    JsonNode posture = repo.json("posture");
    assertShape(posture, "posture", "gate:string", "snapshots:array", "html:string?");
    JsonNode snapshot = posture.get("snapshots").get(0);
    assertShape(snapshot, "posture.snapshots[0]", SNAPSHOT_POSTURE);
    assertShape(
        snapshot.get("versions").get(0), "posture.snapshots[0].versions[0]", VERSION_POSTURE);
    assertThat(snapshot.get("verdict").asText()).isEqualTo("clean");
    assertThat(snapshot.get("versions").get(0).get("waived").asInt()).isEqualTo(1);
    assertThat(repo.json("sast", "findings", "--app", "api").get(0).get("status").asText())
        .isEqualTo("waived");

    JsonNode listed = repo.json("sast", "waivers");
    assertShape(listed.get(0), "sast waivers[0]", WAIVER);
    repo.ok("sast", "unwaive", listed.get(0).get("id").asText().substring(0, 8));
    assertThat(repo.json("posture").get("snapshots").get(0).get("verdict").asText())
        .isEqualTo("vulnerable");
  }

  @Test
  void waiversNeedAReasonAFutureDateAndAKnownFinding() {
    repo.ok("sast", "ingest", vulnerable.toString(), "--app", "api", "--version", "2.0");
    String id = repo.json("sast", "findings", "--app", "api").get(0).get("id").asText();
    Cli.Result past = repo.run("sast", "waive", id, "--reason", "r", "--until", "2001-01-01");
    assertThat(past.code()).isEqualTo(2);
    assertThat(past.err()).contains("is not in the future");
    Cli.Result blank = repo.run("sast", "waive", id, "--reason", " ", "--until", "2099-01-01");
    assertThat(blank.err()).contains("a waiver needs a reason");
    Cli.Result unknown =
        repo.run("sast", "waive", "abcdef", "--reason", "r", "--until", "2099-01-01");
    assertThat(unknown.code()).isEqualTo(15);
    assertThat(unknown.err()).contains("no finding has id abcdef");
    assertThat(repo.json("sast", "waivers")).isEmpty();
  }

  @Test
  void versionsListsEveryVersionFromSnapshotsAndReportsOldestFirst() throws Exception {
    repo.backup("--time", "2026-01-01T00:00:00Z", "--app", "api=1.0", data.toString());
    repo.backup("--time", "2026-02-01T00:00:00Z", "--app", "api=2.0", data.toString());
    repo.ok("sast", "ingest", vulnerable.toString(), "--app", "api", "--version", "2.0");
    repo.ok(
        "sast",
        "ingest",
        SarifFiles.clean(tmp, "c.sarif").toString(),
        "--app",
        "api",
        "--version",
        "3.0");

    JsonNode versions = repo.json("sast", "versions");
    assertThat(versions).hasSize(3);
    assertThat(versions.get(0).get("version").asText()).isEqualTo("1.0");
    assertThat(versions.get(0).get("verdict").asText()).isEqualTo("unknown");
    assertThat(versions.get(1).get("verdict").asText()).isEqualTo("vulnerable");
    assertThat(versions.get(2).get("verdict").asText()).isEqualTo("clean");
    assertThat(versions.get(2).get("snapshots").asInt()).isZero();
    Cli.Result table = repo.ok("sast", "versions", "--gate", "critical");
    assertThat(table.out()).contains("gate: critical");
    assertThat(table.out().lines().filter(l -> l.matches("api +2\\.0 .*")))
        .singleElement()
        .asString()
        .endsWith("clean");
  }

  @Test
  void aReportIngestedForTheWrongVersionCanBeRemoved() {
    String id =
        repo.json("sast", "ingest", vulnerable.toString(), "--app", "api", "--version", "oops")
            .get("report")
            .get("id")
            .asText();
    Cli.Result removed = repo.ok("sast", "remove", id.substring(0, 6));
    assertThat(removed.out()).contains("removed report " + id + " of api=oops");
    assertThat(repo.json("sast", "reports")).isEmpty();
    assertThat(repo.run("sast", "remove", id).code()).isEqualTo(15);
  }

  @Test
  void postureWritesASelfContainedPageThatEscapesWhatTheRepositorySays() throws Exception {
    repo.backup("--source", "<script>alert(1)</script>", "--app", "api=2.0", data.toString());
    repo.ok("sast", "ingest", vulnerable.toString(), "--app", "api", "--version", "2.0");
    Path page = tmp.resolve("posture.html");

    Cli.Result r = repo.ok("posture", "--html", page.toString());

    assertThat(r.out()).contains("1 snapshots: 0 clean, 1 vulnerable, 0 unknown (gate high)");
    String html = Files.readString(page);
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>")
        .doesNotContain("http://")
        .doesNotContain("https://")
        .contains("class=\"vulnerable\"")
        .contains("api=2.0 has 1 high open (gate high)");
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void copyCarriesReportsAndWaiversSoTheSecondSiteJudgesAlike(@TempDir Path other)
      throws Exception {
    String snapshot = repo.backup("--app", "api=2.0", data.toString());
    repo.ok("sast", "ingest", vulnerable.toString(), "--app", "api", "--version", "2.0");
    String id = repo.json("sast", "findings", "--app", "api").get(0).get("id").asText();
    repo.ok("sast", "waive", id, "--reason", "accepted", "--until", "2099-01-01");
    CliRepo second = CliRepo.create(other);

    JsonNode copy =
        second.json(
            "copy",
            "--from-repo",
            repo.dir.toString(),
            "--from-password-file",
            repo.passwordFile.toString());
    assertThat(copy.get("security").get("reportsCopied").asInt()).isEqualTo(1);
    assertThat(copy.get("security").get("waiversCopied").asInt()).isEqualTo(1);
    JsonNode again =
        second.json(
            "copy",
            "--from-repo",
            repo.dir.toString(),
            "--from-password-file",
            repo.passwordFile.toString());
    assertThat(again.get("security").get("reportsCopied").asInt()).isZero();
    assertThat(again.get("security").get("reportsPresent").asInt()).isEqualTo(1);

    JsonNode posture = second.json("posture").get("snapshots").get(0);
    assertThat(posture.get("verdict").asText()).isEqualTo("clean");
    assertThat(posture.get("versions").get(0).get("waived").asInt()).isEqualTo(1);
    assertThat(snapshot).isNotEmpty();
  }
}
