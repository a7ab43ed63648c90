package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The story of issue 4, as an operator lives it: three versions of an application, two backups
 * under each, reports that arrive late, and a restore that must pick the newest known-good backup
 * while retention keeps it.
 */
class PostureScenarioTest {
  @TempDir Path tmp;
  CliRepo repo;
  Path data;

  /** Snapshot ids by version, oldest first. */
  final Map<String, List<String>> ids = new HashMap<>();

  @BeforeEach
  void threeVersionsTwoBackupsEach() throws Exception {
    repo = CliRepo.create(tmp);
    data = Files.createDirectories(tmp.resolve("volume"));
    int day = 1;
    for (String v : List.of("v1", "v2", "v3")) {
      for (int n = 0; n < 2; n++) {
        Files.writeString(data.resolve("state.txt"), v + " backup " + n, StandardCharsets.UTF_8);
        String id =
            repo.backup(
                "--time",
                "2026-11-%02dT02:00:00Z".formatted(day++),
                "--source",
                "shop-db",
                "--app",
                "shop=" + v,
                data.toString());
        ids.computeIfAbsent(v, k -> new ArrayList<>()).add(id);
      }
    }
  }

  String newest(String version) {
    return ids.get(version).get(1);
  }

  Map<String, String> verdicts() {
    Map<String, String> out = new HashMap<>();
    for (JsonNode s : repo.json("posture").get("snapshots")) {
      out.put(s.get("id").asText(), s.get("verdict").asText());
    }
    return out;
  }

  @Test
  void aLateReportChangesOldVerdictsAndRestoreLatestCleanFollowsThem() throws Exception {
    repo.ok(
        "sast",
        "ingest",
        SarifFiles.clean(tmp, "v1.sarif").toString(),
        "--app",
        "shop",
        "--version",
        "v1");
    repo.ok(
        "sast",
        "ingest",
        SarifFiles.clean(tmp, "v3.sarif").toString(),
        "--app",
        "shop",
        "--version",
        "v3");
    assertThat(verdicts().get(newest("v2"))).isEqualTo("unknown");
    assertThat(verdicts().get(newest("v3"))).isEqualTo("clean");

    // v2's report arrives after v3's backups: SQL injection, high.
    Path v2 = SarifFiles.oneFinding(tmp, "v2.sarif", "SQL_INJECTION", 8.8, "src/Orders.java", 40);
    Cli.Result ingested =
        repo.ok("sast", "ingest", v2.toString(), "--app", "shop", "--version", "v2");
    assertThat(ingested.out())
        .contains("version shop=v2: vulnerable under gate high; open: 1 high");
    Map<String, String> after = verdicts();
    assertThat(after.get(ids.get("v2").get(0))).isEqualTo("vulnerable");
    assertThat(after.get(newest("v2"))).isEqualTo("vulnerable");

    Cli.Result restored =
        repo.ok(
            "restore",
            "--latest-clean",
            "--source",
            "shop-db",
            "--target",
            tmp.resolve("r1").toString());
    assertThat(restored.out()).contains("chose " + newest("v3").substring(0, 8));
    assertThat(tmp.resolve("r1/state.txt")).hasContent("v3 backup 1");

    // A second scanner finds the same flaw in v3: v3 was never fixed.
    Path v3again =
        SarifFiles.oneFinding(tmp, "v3b.sarif", "SQL_INJECTION", 8.8, "src/Orders.java", 40);
    repo.ok("sast", "ingest", v3again.toString(), "--app", "shop", "--version", "v3");

    Cli.Result fallback =
        repo.ok(
            "restore",
            "--latest-clean",
            "--source",
            "shop-db",
            "--target",
            tmp.resolve("r2").toString());
    assertThat(fallback.out())
        .contains("skipped " + newest("v3").substring(0, 8))
        .contains("skipped " + newest("v2").substring(0, 8))
        .contains("vulnerable: shop=v3 has 1 high open (gate high)")
        .contains("chose " + newest("v1").substring(0, 8));
    assertThat(tmp.resolve("r2/state.txt")).hasContent("v1 backup 1");

    // Findings keep their first and last version across reports.
    JsonNode findings = repo.json("sast", "findings", "--app", "shop");
    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).get("firstSeen").asText()).isEqualTo("v2");
    assertThat(findings.get(0).get("lastSeen").asText()).isEqualTo("v3");

    // Retention: the time rules keep the two newest; the last clean ones stay whatever they say.
    JsonNode forgot = repo.json("forget", "--keep-last", "2");
    assertThat(remaining())
        .containsExactlyInAnyOrder(
            newest("v3"), ids.get("v3").get(0), newest("v1"), ids.get("v1").get(0));
    assertThat(reasonsOf(forgot, newest("v1"))).containsExactly("last clean");
  }

  /** A report SpotBugs with FindSecBugs wrote over the sample app in this build. */
  Path spotBugsReport(String version) throws Exception {
    String name = "sarif/spotbugs-" + version + ".sarif";
    try (var in = getClass().getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return Files.write(tmp.resolve("spotbugs-" + version + ".sarif"), in.readAllBytes());
    }
  }

  @Test
  void withRealSpotBugsReportsTheLateVulnerableVersionIsSkippedAndTheCleanOneKept()
      throws Exception {
    repo.ok("sast", "ingest", spotBugsReport("v1").toString(), "--app", "shop", "--version", "v1");
    // v2's report arrives after v3's backups; v3 has none yet.
    Cli.Result v2 =
        repo.ok(
            "sast", "ingest", spotBugsReport("v2").toString(), "--app", "shop", "--version", "v2");
    assertThat(v2.out()).contains("version shop=v2: vulnerable under gate high");

    Cli.Result restored =
        repo.ok("restore", "--latest-clean", "--target", tmp.resolve("r").toString());
    assertThat(restored.out())
        .contains("skipped " + newest("v3").substring(0, 8))
        .contains("unknown: no report for shop=v3")
        .contains("vulnerable: shop=v2 has ")
        .contains("chose " + newest("v1").substring(0, 8));
    assertThat(tmp.resolve("r/state.txt")).hasContent("v1 backup 1");

    JsonNode forgot = repo.json("forget", "--keep-last", "1");
    assertThat(remaining())
        .containsExactlyInAnyOrder(newest("v3"), newest("v1"), ids.get("v1").get(0));
    assertThat(reasonsOf(forgot, ids.get("v1").get(0))).containsExactly("last clean");

    // v3's report arrives: MD5 only (medium), so v3 is clean and becomes the fallback.
    repo.ok("sast", "ingest", spotBugsReport("v3").toString(), "--app", "shop", "--version", "v3");
    Cli.Result now = repo.ok("restore", "--latest-clean", "--target", tmp.resolve("r3").toString());
    assertThat(now.out()).contains("chose " + newest("v3").substring(0, 8));
    assertThat(tmp.resolve("r3/state.txt")).hasContent("v3 backup 1");
  }

  @Test
  void suspectSnapshotsAreKeptForForensicsOnlyWhenAskedAndOnlyWithinTheDuration() throws Exception {
    Path bad = SarifFiles.oneFinding(tmp, "v2.sarif", "COMMAND_INJECTION", 9.8, "src/Run.java", 7);
    repo.ok("sast", "ingest", bad.toString(), "--app", "shop", "--version", "v2");

    JsonNode plain = repo.json("forget", "--keep-last", "1", "--keep-last-clean", "0", "-n");
    assertThat(reasonsOf(plain, newest("v2"))).isEmpty();

    // The clock is now (2026-11-25 or later); v2's snapshots are from 2026-11-03 and -04.
    JsonNode kept = repo.json("forget", "--keep-last", "1", "--keep-suspect-for", "100y", "-n");
    assertThat(reasonsOf(kept, newest("v2"))).containsExactly("suspect, kept for forensics");
    assertThat(reasonsOf(kept, newest("v1"))).isEmpty();
    JsonNode expired = repo.json("forget", "--keep-last", "1", "--keep-suspect-for", "1d", "-n");
    assertThat(reasonsOf(expired, newest("v2"))).isEmpty();
  }

  @Test
  void withoutACleanSnapshotRestoreLatestCleanFailsAndSaysWhy() throws Exception {
    Cli.Result r = repo.run("restore", "--latest-clean", "--target", tmp.resolve("out").toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(15);
    assertThat(r.err()).contains("no clean snapshot of shop-db under gate high: 6 snapshots");
    assertThat(r.out()).contains("unknown: no report for shop=v3");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  List<String> remaining() {
    List<String> all = new ArrayList<>();
    repo.json("snapshots").forEach(s -> all.add(s.get("id").asText()));
    return all;
  }

  static List<String> reasonsOf(JsonNode forget, String id) {
    for (JsonNode g : forget.get("groups")) {
      for (JsonNode s : g.get("snapshots")) {
        if (s.get("id").asText().equals(id)) {
          List<String> reasons = new ArrayList<>();
          s.get("reasons").forEach(r -> reasons.add(r.asText()));
          return reasons;
        }
      }
    }
    throw new AssertionError("no decision for " + id);
  }
}
