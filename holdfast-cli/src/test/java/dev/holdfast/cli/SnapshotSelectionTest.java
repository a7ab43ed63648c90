package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.core.id.SnapshotId;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.ManifestCodec;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.local.LocalBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How users name snapshots ({@code latest}, id prefixes) and narrow them (--source, --host, --tag,
 * --label), and what backup records for those filters to find.
 */
class SnapshotSelectionTest {
  @TempDir Path tmp;
  CliRepo repo;
  Path web;
  Path db;

  @BeforeEach
  void twoSources() throws Exception {
    repo = CliRepo.create(tmp);
    web = SampleTrees.write(tmp.resolve("web"), 10);
    db = Files.createDirectories(tmp.resolve("db"));
    Files.writeString(db.resolve("tables.sql"), "create table t (x int);\n");
  }

  @Test
  void latestIsTheNewestSnapshotOfTheChosenSource() {
    String webOld = repo.backup("--time", "2024-01-01T10:00:00Z", web.toString());
    String dbNew = repo.backup("--time", "2024-03-01T10:00:00Z", db.toString());
    String webNew = repo.backup("--time", "2024-02-01T10:00:00Z", web.toString());
    String webSource = "file://" + Hosts.hostName() + web;

    assertThat(ids(repo.json("snapshots"))).containsExactly(webOld, webNew, dbNew);
    assertThat(repo.json("ls", "latest").get(0).get("path").asText()).isEqualTo("/tables.sql");
    assertThat(repo.ok("ls", "latest", "--source", webSource).out()).contains("/docs/a.txt");
    assertThat(
            repo.json(
                    "restore",
                    "latest",
                    "--source",
                    webSource,
                    "--target",
                    tmp.resolve("t").toString())
                .get("files")
                .asLong())
        .isEqualTo(6);
    JsonNode stats = repo.json("stats", "latest", "--source", webSource);
    assertThat(stats.get("snapshots").asLong()).isEqualTo(1);
    assertThat(ids(repo.json("snapshots", "--source", webSource))).containsExactly(webOld, webNew);
    assertThat(repo.run("ls", "latest", "--source", "file://elsewhere/x").code()).isEqualTo(15);
  }

  @Test
  void idPrefixesOfFourOrMoreCharactersWork() {
    String id = repo.backup(web.toString());
    for (int n : new int[] {4, 8, 12, 64}) {
      Cli.Result r = repo.run("ls", id.substring(0, n), "--json");
      assertThat(r.code()).as("prefix of %d: %s", n, r).isZero();
    }
    assertThat(repo.run("ls", id.substring(0, 8).toUpperCase()).code()).isZero();
    Cli.Result tooShort = repo.run("ls", id.substring(0, 3));
    assertThat(tooShort.code()).isEqualTo(2);
    assertThat(tooShort.err()).contains("at least 4 hex characters");
  }

  @Test
  void anAmbiguousPrefixIsAUsageError() throws Exception {
    String id = repo.backup(web.toString());
    String twin = twinSnapshot(id);
    assertThat(twin.substring(0, 62)).isEqualTo(id.substring(0, 62));
    assertThat(repo.json("snapshots")).hasSize(2);

    Cli.Result r = repo.run("ls", id.substring(0, 8));
    assertThat(r.code()).as("%s", r).isEqualTo(2);
    assertThat(r.err()).contains("ambiguous");
    assertThat(repo.run("ls", id).code()).isZero();
    assertThat(repo.run("ls", twin).code()).isZero();
  }

  @Test
  void timeTagsLabelsAndAppsAreStoredAndFilterable() {
    String tagged =
        repo.backup(
            "--time",
            "2020-01-02 03:04:05",
            "--tag",
            "nightly",
            "--tag",
            "pre-upgrade",
            "--label",
            "env=prod",
            "--label",
            "team=payments",
            "--app",
            "shop=1.2.3",
            "--app",
            "api=sha256:abcd",
            "--host",
            "node-7",
            web.toString());
    String plain = repo.backup(web.toString());

    JsonNode s = repo.json("snapshots", "--tag", "nightly").get(0);
    assertThat(s.get("id").asText()).isEqualTo(tagged);
    OffsetDateTime expected =
        LocalDateTime.of(2020, 1, 2, 3, 4, 5).atZone(ZoneId.systemDefault()).toOffsetDateTime();
    assertThat(OffsetDateTime.parse(s.get("time").asText()).toInstant())
        .isEqualTo(expected.toInstant());
    assertThat(s.get("tags").toString()).isEqualTo("[\"nightly\",\"pre-upgrade\"]");
    assertThat(s.get("labels").toString()).isEqualTo("{\"env\":\"prod\",\"team\":\"payments\"}");
    assertThat(s.get("appVersions").toString())
        .isEqualTo(
            "[{\"name\":\"shop\",\"version\":\"1.2.3\"},{\"name\":\"api\",\"version\":\"sha256:abcd\"}]");
    assertThat(s.get("host").asText()).isEqualTo("node-7");
    assertThat(s.get("source").asText()).isEqualTo("file://node-7" + web);

    assertThat(ids(repo.json("snapshots", "--tag", "nightly", "--tag", "pre-upgrade")))
        .containsExactly(tagged);
    assertThat(ids(repo.json("snapshots", "--tag", "nightly", "--tag", "other"))).isEmpty();
    assertThat(ids(repo.json("snapshots", "--label", "env=prod"))).containsExactly(tagged);
    assertThat(ids(repo.json("snapshots", "--label", "env=dev"))).isEmpty();
    assertThat(ids(repo.json("snapshots", "--host", "node-7"))).containsExactly(tagged);
    assertThat(ids(repo.json("snapshots", "--source", "file://node-7" + web)))
        .containsExactly(tagged);
    assertThat(ids(repo.json("snapshots"))).containsExactly(tagged, plain);
    assertThat(repo.ok("snapshots").out())
        .contains("2020-01-02 03:04:05", "nightly,pre-upgrade", "shop=1.2.3,api=sha256:abcd");
    assertThat(repo.json("ls", "latest", "--tag", "nightly").get(0).get("path").asText())
        .isEqualTo("/data");
  }

  @Test
  void statsCountsOnlyTheSnapshotsTheFiltersChoose() {
    repo.backup("--tag", "nightly", web.toString());
    repo.backup("--tag", "nightly", db.toString());
    repo.backup(db.toString());
    assertThat(repo.json("stats").get("snapshots").asLong()).isEqualTo(3);
    assertThat(repo.json("stats", "--tag", "nightly").get("snapshots").asLong()).isEqualTo(2);
    JsonNode web =
        repo.json("stats", "--tag", "nightly", "--source", "file://" + Hosts.hostName() + this.web);
    assertThat(web.get("snapshots").asLong()).isEqualTo(1);
    assertThat(web.get("files").asLong()).isEqualTo(6);
    assertThat(repo.run("stats", "--tag", "weekly").code()).as("none chosen").isEqualTo(15);
  }

  @Test
  void filtersNarrowLatestButNotAnExplicitId() {
    String tagged = repo.backup("--tag", "nightly", web.toString());
    repo.backup(web.toString());
    assertThat(repo.ok("ls", tagged, "--tag", "no-such-tag").out()).contains("/notes.txt");
    assertThat(repo.run("ls", "latest", "--tag", "no-such-tag").code()).isEqualTo(15);
  }

  @Test
  void severalPathsAreNamedByTheirCommonFolder() {
    JsonNode s =
        repo.json("backup", "--host", "h", web.resolve("docs").toString(), db.toString())
            .get("snapshot");
    assertThat(s.get("source").asText()).isEqualTo("file://h" + tmp);
    List<String> paths = new ArrayList<>();
    repo.json("ls", "latest", "--no-recursive").forEach(e -> paths.add(e.get("path").asText()));
    assertThat(paths).containsExactly("/db", "/docs");
  }

  /** Stores a copy of snapshot {@code id} whose id differs only in its last byte. */
  private String twinSnapshot(String id) throws Exception {
    try (Repository r =
        Repository.open(
            LocalBlobStore.open(repo.dir), CliRepo.PASSPHRASE.toCharArray(), Clock.systemUTC())) {
      Snapshot s = r.snapshots().load(SnapshotId.fromHex(id));
      byte[] bytes = s.id().toBytes();
      bytes[31] ^= 1;
      SnapshotId twin = SnapshotId.of(bytes);
      BlobName name = new BlobName(BlobKind.SNAPSHOT, twin.toHex());
      byte[] sealed =
          r.key().objectSealer().seal(name.path(), ManifestCodec.encode(s.withId(twin)));
      r.store().putIfAbsent(name, sealed, 0, sealed.length);
      return twin.toHex();
    }
  }

  private static List<String> ids(JsonNode snapshots) {
    List<String> ids = new ArrayList<>();
    snapshots.forEach(s -> ids.add(s.get("id").asText()));
    return ids;
  }
}
