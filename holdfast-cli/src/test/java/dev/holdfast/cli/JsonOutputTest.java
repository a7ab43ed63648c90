package dev.holdfast.cli;

import static dev.holdfast.cli.JsonShape.assertCamelCase;
import static dev.holdfast.cli.JsonShape.assertShape;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the {@code --json} document of every command (docs/CLI.md): field names, their order and
 * their types, so that the schema scripts rely on cannot drift by accident.
 */
class JsonOutputTest {
  static final String[] SNAPSHOT = {
    "id:string",
    "shortId:string",
    "time:time",
    "host:string",
    "username:string",
    "source:string",
    "paths:array",
    "tags:array",
    "labels:object",
    "appVersions:array",
    "parent:string?",
    "tree:string",
    "stats:object",
    "programVersion:string",
    "copiedFrom:object?",
    "pinned:boolean"
  };
  static final String[] SNAPSHOT_STATS = {
    "files:integer",
    "directories:integer",
    "filesNew:integer",
    "filesChanged:integer",
    "filesUnchanged:integer",
    "bytesProcessed:integer",
    "bytesAdded:integer",
    "chunksNew:integer",
    "errors:integer",
    "durationMillis:integer"
  };
  static final String[] APP_VERSION = {"name:string", "version:string"};
  static final String[] PROBLEM = {"path:string", "message:string"};
  static final String[] KEY = {
    "id:string", "current:boolean", "created:time", "host:string", "username:string", "kdf:object"
  };
  static final String[] KDF = {
    "algorithm:string", "memoryKiB:integer", "iterations:integer", "parallelism:integer"
  };
  static final String[] CHECK = {
    "ok:boolean",
    "snapshots:integer",
    "trees:integer",
    "packs:integer",
    "packsRead:integer",
    "blobsRead:integer",
    "bytesRead:integer",
    "readData:boolean",
    "subsetPercent:number",
    "seed:integer?",
    "errors:array",
    "warnings:array",
    "damagedFiles:array"
  };
  static final String[] DAMAGED_FILE = {"snapshot:string", "source:string", "path:string"};
  static final String[] COPY = {
    "sourceRepository:string",
    "destinationRepository:string",
    "copied:integer",
    "alreadyCopied:integer",
    "failed:integer",
    "bytesRead:integer",
    "bytesStored:integer",
    "snapshots:array",
    "security:object"
  };
  static final String[] COPIED_SNAPSHOT = {
    "status:string",
    "sourceSnapshot:string",
    "destinationSnapshot:string?",
    "time:time",
    "source:string",
    "chunksRead:integer",
    "bytesRead:integer",
    "bytesStored:integer",
    "problem:string?"
  };
  static final String[] COPIED_FROM = {"repository:string", "snapshot:string"};
  static final String[] RESTORE = {
    "files:integer",
    "directories:integer",
    "symlinks:integer",
    "bytes:integer",
    "verifiedFiles:integer",
    "skipped:array",
    "problems:array"
  };

  @TempDir static Path tmp;
  static CliRepo repo;
  static Path source;
  static String first;
  static String second;

  @BeforeAll
  static void twoSnapshots() throws Exception {
    repo = CliRepo.create(tmp);
    source = SampleTrees.write(tmp.resolve("source"), 1);
    Files.createSymbolicLink(source.resolve("docs/link"), Path.of("a.txt"));
    first =
        repo.backup(
            "--tag",
            "nightly",
            "--label",
            "env=prod",
            "--app",
            "shop=1.2.3",
            "--time",
            "2020-01-02 03:04:00",
            source.toString());
    Files.writeString(source.resolve("logs/app.log"), "one more line\n", StandardOpenOption.APPEND);
    Files.writeString(source.resolve("docs/new.txt"), "new\n");
    Files.delete(source.resolve("notes.txt"));
    second = repo.backup(source.toString());
  }

  @Test
  void initPrintsTheRepositoryAndItsFirstKey() throws Exception {
    Path dir = tmp.resolve("another-repo");
    List<String> args = new ArrayList<>(List.of("--repo", dir.toString(), "--password-file"));
    args.add(repo.passwordFile.toString());
    args.add("init");
    args.addAll(CliRepo.FAST_INIT);
    args.add("--json");
    Cli.Result r = Cli.run(args.toArray(String[]::new));
    assertThat(r.code()).as("%s", r).isZero();
    JsonNode json = r.json();
    assertShape(
        json,
        "init",
        "repository:string",
        "id:string",
        "keyId:string",
        "objectLock:object?",
        "chunker:object");
    assertShape(
        json.get("chunker"),
        "init chunker",
        "algorithm:string",
        "minSize:number",
        "avgSize:number",
        "maxSize:number");
    assertThat(json.get("repository").asText()).isEqualTo(dir.toString());
    assertThat(json.get("objectLock").isNull()).isTrue();
    assertThat(json.get("chunker").get("algorithm").asText())
        .isEqualTo("FASTCDC-2020-GEAR64-NC2-ZEROCUT");
    assertThat(json.get("chunker").get("avgSize").asInt()).isEqualTo(16 * 1024);
    assertThat(json.get("keyId").asText()).matches("[0-9a-f]{64}");
    assertCamelCase(json, "init");
  }

  @Test
  void initWithTheFirstChunkerSaysSo() {
    Path dir = tmp.resolve("first-chunker-repo");
    List<String> args = new ArrayList<>(List.of("--repo", dir.toString(), "--password-file"));
    args.add(repo.passwordFile.toString());
    args.add("init");
    args.addAll(CliRepo.FAST_INIT);
    args.addAll(List.of("--chunker", "fastcdc-2020-gear64-nc2", "--json"));
    Cli.Result r = Cli.run(args.toArray(String[]::new));
    assertThat(r.code()).as("%s", r).isZero();
    assertThat(r.json().get("chunker").get("algorithm").asText())
        .isEqualTo("FASTCDC-2020-GEAR64-NC2");
  }

  @Test
  void backupPrintsTheSnapshotAndTheProblems() {
    JsonNode json = repo.json("backup", "--tag", "extra", source.toString());
    assertShape(json, "backup", "snapshot:object", "problems:array");
    assertSnapshot(json.get("snapshot"));
    assertThat(json.get("problems")).isEmpty();
    assertThat(json.get("snapshot").get("tags").get(0).asText()).isEqualTo("extra");
    assertCamelCase(json, "backup", "labels");
  }

  @Test
  void snapshotsIsAnArrayOfSnapshots() {
    JsonNode json = repo.json("snapshots", "--tag", "nightly");
    assertThat(json.isArray()).isTrue();
    assertThat(json).hasSize(1);
    JsonNode s = json.get(0);
    assertSnapshot(s);
    assertThat(s.get("id").asText()).isEqualTo(first).matches("[0-9a-f]{64}");
    assertThat(s.get("shortId").asText()).isEqualTo(first.substring(0, 8));
    assertThat(s.get("time").asText()).startsWith("2020-01-02T03:04:00");
    assertThat(s.get("labels").get("env").asText()).isEqualTo("prod");
    assertShape(s.get("appVersions").get(0), "appVersions[0]", APP_VERSION);
    assertThat(s.get("appVersions").get(0).get("version").asText()).isEqualTo("1.2.3");
    assertThat(s.get("parent").isNull()).isTrue();
    assertThat(s.get("paths").get(0).asText()).isEqualTo(source.toString());
    assertCamelCase(json, "snapshots", "labels");
  }

  @Test
  void lsIsAnArrayOfEntries() {
    JsonNode json = repo.json("ls", first, "docs");
    assertThat(json.isArray()).isTrue();
    List<String> paths = new ArrayList<>();
    for (JsonNode e : json) {
      assertShape(
          e,
          "ls entry",
          "path:string",
          "type:string",
          "size:integer",
          "mode:string",
          "uid:integer",
          "gid:integer",
          "user:string",
          "group:string",
          "mtime:time",
          "target:string?");
      paths.add(e.get("path").asText());
    }
    assertThat(paths)
        .containsExactly(
            "/docs", "/docs/a.txt", "/docs/b.md", "/docs/deep", "/docs/deep/c.txt", "/docs/link");
    JsonNode link = json.get(5);
    assertThat(link.get("type").asText()).isEqualTo("symlink");
    assertThat(link.get("target").asText()).isEqualTo("a.txt");
    assertThat(json.get(1).get("mode").asText()).matches("0[0-7]{3}");
    assertCamelCase(json, "ls");
  }

  @Test
  void diffIsAnArrayOfChanges() {
    JsonNode json = repo.json("diff", first, second);
    assertThat(json.isArray()).isTrue();
    List<String> changes = new ArrayList<>();
    for (JsonNode c : json) {
      assertShape(
          c, "change", "change:string", "path:string", "sizeBefore:integer", "sizeAfter:integer");
      assertThat(c.get("change").asText())
          .isIn("added", "removed", "modified", "metadata", "typeChanged");
      changes.add(c.get("change").asText() + " " + c.get("path").asText());
    }
    assertThat(changes)
        .contains("added /docs/new.txt", "removed /notes.txt", "modified /logs/app.log");
    assertCamelCase(json, "diff");
  }

  @Test
  void restoreReportsWhatItWrote() {
    Path target = tmp.resolve("restore-json");
    JsonNode json = repo.json("restore", second, "--target", target.toString(), "--verify");
    assertShape(json, "restore", RESTORE);
    assertThat(json.get("files").asLong()).isEqualTo(6);
    assertThat(json.get("symlinks").asLong()).isEqualTo(1);
    assertThat(json.get("verifiedFiles").asLong()).isEqualTo(6);

    JsonNode again =
        repo.json("restore", second, "--target", target.toString(), "--overwrite", "never");
    assertShape(again, "restore", RESTORE);
    assertThat(again.get("skipped").get(0).isTextual()).isTrue();
    assertCamelCase(again, "restore");
  }

  @Test
  void checkReportsFigures() {
    JsonNode json = repo.json("check", "--read-data");
    assertShape(json, "check", CHECK);
    assertThat(json.get("ok").asBoolean()).isTrue();
    assertThat(json.get("packsRead").asLong()).isPositive();
    assertThat(json.get("subsetPercent").asDouble()).isEqualTo(100.0);
    assertThat(json.get("seed").isNull()).as("no subset, no seed").isTrue();
    assertCamelCase(json, "check");

    JsonNode structure = repo.json("check");
    assertShape(structure, "check", CHECK);
    assertThat(structure.get("readData").asBoolean()).isFalse();
    assertThat(structure.get("packsRead").asLong()).isZero();

    JsonNode subset = repo.json("check", "--read-data", "--subset", "50%");
    assertShape(subset, "check", CHECK);
    long seed = subset.get("seed").asLong();
    assertThat(seed).as("fits a double exactly").isBetween(0L, 1L << 53);
    JsonNode repeated =
        repo.json("check", "--read-data", "--subset", "50", "--seed", Long.toString(seed));
    assertThat(repeated.get("seed").asLong()).isEqualTo(seed);
    assertThat(repeated.get("packsRead")).isEqualTo(subset.get("packsRead"));
    assertThat(repeated.get("bytesRead")).isEqualTo(subset.get("bytesRead"));
  }

  @Test
  void checkNamesDamagedFiles(@TempDir Path own) throws Exception {
    CliRepo damaged = CliRepo.create(own);
    Path src = Files.createDirectories(own.resolve("src"));
    Files.write(src.resolve("precious.bin"), SampleTrees.randomBytes(100_000, 2));
    String id = damaged.backup(src.toString());
    Damage.flipByteInLargestPack(damaged.dir);
    Cli.Result r = damaged.run("check", "--read-data", "--json");
    assertThat(r.code()).as("%s", r).isEqualTo(12);
    JsonNode json = r.json();
    assertShape(json, "check", CHECK);
    assertThat(json.get("ok").asBoolean()).isFalse();
    assertThat(json.get("damagedFiles")).isNotEmpty();
    assertShape(json.get("damagedFiles").get(0), "damagedFiles[0]", DAMAGED_FILE);
    // the full snapshot id, and the path as ls and diff print it
    JsonNode file = json.get("damagedFiles").get(0);
    assertThat(file.get("snapshot").asText()).isEqualTo(id);
    assertThat(file.get("path").asText()).isEqualTo("/precious.bin");
    assertThat(json.get("errors").get(0).isTextual()).isTrue();
  }

  @Test
  void statsReportsFigures() {
    JsonNode json = repo.json("stats");
    assertShape(
        json,
        "stats",
        "snapshots:integer",
        "files:integer",
        "restoreSize:integer",
        "uniqueChunks:integer",
        "uniqueTrees:integer",
        "uniqueRawSize:integer",
        "packs:integer",
        "storedSize:integer",
        "indexFiles:integer",
        "indexMemoryBytes:integer",
        "dedupRatio:number",
        "compressionRatio:number");
    assertThat(repo.json("stats", first).get("snapshots").asLong()).isEqualTo(1);
    assertCamelCase(json, "stats");
  }

  @Test
  void statsOfAnEmptyRepositoryHasNumbersNotNaN(@TempDir Path own) throws Exception {
    JsonNode json = CliRepo.create(own).json("stats");
    assertThat(json.get("dedupRatio").isNumber()).isTrue();
    assertThat(json.get("compressionRatio").isNumber()).isTrue();
    assertThat(json.get("snapshots").asLong()).isZero();
  }

  @Test
  void keyCommandsPrintKeySlots(@TempDir Path own) throws Exception {
    CliRepo keys = CliRepo.create(own);
    JsonNode list = keys.json("key", "list");
    assertThat(list.isArray()).isTrue();
    assertThat(list).hasSize(1);
    assertShape(list.get(0), "key", KEY);
    assertShape(list.get(0).get("kdf"), "key.kdf", KDF);
    assertThat(list.get(0).get("current").asBoolean()).isTrue();
    assertThat(list.get(0).get("kdf").get("memoryKiB").asInt()).isEqualTo(64);
    assertCamelCase(list, "key list");
    assertThat(keys.ok("key", "list").out()).contains("argon2id 64.0 KiB x1");

    Path other = CliRepo.passwordFile(own, "other", "other passphrase");
    List<String> add = new ArrayList<>(List.of("key", "add", "--new-password-file"));
    add.add(other.toString());
    add.addAll(CliRepo.FAST_KEY);
    JsonNode added = keys.json(add.toArray(String[]::new));
    assertShape(added, "key add", KEY);

    JsonNode removed = keys.json("key", "remove", added.get("id").asText().substring(0, 8));
    assertShape(removed, "key remove", "removed:string");
    assertThat(removed.get("removed").asText()).isEqualTo(added.get("id").asText());

    List<String> passwd = new ArrayList<>(List.of("key", "passwd", "--new-password-file"));
    passwd.add(other.toString());
    passwd.addAll(CliRepo.FAST_KEY);
    JsonNode changed = keys.json(passwd.toArray(String[]::new));
    assertShape(changed, "key passwd", KEY);
  }

  @Test
  void backupProblemsAreObjectsWithPathAndMessage(@TempDir Path own) throws Exception {
    Path unreadable = Unreadable.file(tmp);
    Cli.Result r = repo.run("backup", "--json", own.toString(), unreadable.toString());
    assertThat(r.code()).as("%s", r).isEqualTo(3);
    JsonNode json = r.json();
    assertShape(json.get("problems").get(0), "problems[0]", PROBLEM);
    assertThat(json.get("problems").get(0).get("path").asText()).isEqualTo(unreadable.toString());
  }

  static final String[] FORGET = {
    "dryRun:boolean",
    "policy:string?",
    "groups:array",
    "kept:integer",
    "removed:integer",
    "prune:object?"
  };
  static final String[] FORGET_GROUP = {
    "key:object", "kept:integer", "removed:integer", "snapshots:array"
  };
  static final String[] FORGET_KEY = {
    "source:string?", "host:string?", "paths:array?", "tags:array?"
  };
  static final String[] FORGET_SNAPSHOT = {
    "id:string",
    "shortId:string",
    "time:time",
    "host:string",
    "source:string",
    "paths:array",
    "tags:array",
    "action:string",
    "reasons:array"
  };

  static final String[] PRUNE = {
    "dryRun:boolean",
    "snapshots:integer",
    "packs:integer",
    "packBytes:integer",
    "unusedPacks:integer",
    "unusedBytes:integer",
    "repackedPacks:integer",
    "repackedBytes:integer",
    "blobsCopied:integer",
    "indexFilesBefore:integer",
    "indexFilesAfter:integer",
    "packsDeleted:integer",
    "bytesFreed:integer",
    "packsRescued:integer",
    "packsKeptByObjectLock:integer",
    "keptUntil:time?",
    "waitingFor:array",
    "staleLocks:array"
  };
  static final String[] UNLOCK = {"locks:array", "removed:array"};

  @Test
  void pruneAndUnlockHaveTheirDocumentedShapes() {
    assertShape(repo.json("prune", "--dry-run"), "prune", PRUNE);
    JsonNode pruned = repo.json("prune");
    assertShape(pruned, "prune", PRUNE);
    assertThat(pruned.get("dryRun").asBoolean()).isFalse();
    assertShape(repo.json("unlock", "--list"), "unlock", UNLOCK);
  }

  @Test
  void forgetReportsEveryGroupAndSnapshotWithItsDecision() {
    JsonNode json = repo.json("forget", "--keep-last", "1", "--group-by", "host,tags", "--dry-run");
    assertShape(json, "forget", FORGET);
    assertThat(json.get("dryRun").asBoolean()).isTrue();
    assertThat(json.get("policy").asText()).isEqualTo("keep 1 latest snapshots");
    JsonNode group = json.get("groups").get(0);
    assertShape(group, "forget.groups[0]", FORGET_GROUP);
    assertShape(group.get("key"), "forget.groups[0].key", FORGET_KEY);
    assertThat(group.get("key").get("source").isNull()).isTrue();
    assertThat(group.get("key").get("host").isTextual()).isTrue();
    JsonNode s = group.get("snapshots").get(0);
    assertShape(s, "forget.groups[0].snapshots[0]", FORGET_SNAPSHOT);
    assertThat(s.get("action").asText()).isEqualTo("keep");
    assertThat(s.get("reasons").get(0).asText()).isEqualTo("last snapshot");
    assertCamelCase(json, "forget");
  }

  @Test
  void pinAndUnpinSayWhatTheyDid() {
    JsonNode pinned = repo.json("pin", first, "--note", "audit 2026");
    assertShape(
        pinned, "pin", "snapshot:string", "created:boolean", "pinnedAt:time", "note:string?");
    assertThat(pinned.get("snapshot").asText()).isEqualTo(first);
    assertThat(pinned.get("created").asBoolean()).isTrue();
    assertThat(pinned.get("note").asText()).isEqualTo("audit 2026");
    assertThat(repo.json("pin", first).get("created").asBoolean()).isFalse();
    JsonNode unpinned = repo.json("unpin", first);
    assertShape(unpinned, "unpin", "snapshot:string", "wasPinned:boolean");
    assertThat(unpinned.get("wasPinned").asBoolean()).isTrue();
    assertThat(repo.json("unpin", first).get("wasPinned").asBoolean()).isFalse();
  }

  @Test
  void copyReportsEachSnapshotAndTheTotals(@TempDir Path own) throws Exception {
    CliRepo destination = CliRepo.create(own);
    String[] copyFirst = {
      "copy",
      "--from-repo",
      repo.dir.toString(),
      "--from-password-file",
      repo.passwordFile.toString(),
      first
    };
    JsonNode json = destination.json(copyFirst);
    assertShape(json, "copy", COPY);
    assertThat(json.get("copied").asLong()).isEqualTo(1);
    JsonNode copied = json.get("snapshots").get(0);
    assertShape(copied, "copy.snapshots[0]", COPIED_SNAPSHOT);
    assertThat(copied.get("status").asText()).isEqualTo("copied");
    assertThat(copied.get("sourceSnapshot").asText()).isEqualTo(first);
    assertThat(copied.get("time").asText()).startsWith("2020-01-02T03:04:00");
    assertCamelCase(json, "copy");

    JsonNode listed = destination.json("snapshots").get(0);
    assertSnapshot(listed);
    assertShape(listed.get("copiedFrom"), "snapshot.copiedFrom", COPIED_FROM);
    assertThat(listed.get("copiedFrom").get("snapshot").asText()).isEqualTo(first);
    assertThat(listed.get("copiedFrom").get("repository").asText())
        .isEqualTo(json.get("sourceRepository").asText());
    assertThat(listed.get("id").asText()).isEqualTo(copied.get("destinationSnapshot").asText());
    assertThat(repo.json("snapshots").get(0).get("copiedFrom").isNull()).isTrue();

    JsonNode again = destination.json(copyFirst);
    assertShape(again.get("snapshots").get(0), "copy.snapshots[0]", COPIED_SNAPSHOT);
    assertThat(again.get("snapshots").get(0).get("status").asText()).isEqualTo("alreadyCopied");
  }

  @Test
  void failuresInJsonModeLeaveStdoutEmpty() {
    Cli.Result r = repo.run("ls", "ffffffff", "--json");
    assertThat(r.code()).isEqualTo(15);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("holdfast: ");
  }

  private static void assertSnapshot(JsonNode s) {
    assertShape(s, "snapshot", SNAPSHOT);
    assertShape(s.get("stats"), "snapshot.stats", SNAPSHOT_STATS);
  }
}
