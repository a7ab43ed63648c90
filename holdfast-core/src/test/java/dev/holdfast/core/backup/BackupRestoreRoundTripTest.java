package dev.holdfast.core.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.restore.Restore;
import dev.holdfast.core.restore.RestoreProgress;
import dev.holdfast.core.restore.RestoreRequest;
import dev.holdfast.core.restore.RestoreResult;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.storage.local.LocalBlobStore;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.core.testing.TreeAssertions;
import dev.holdfast.core.testing.TreeGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackupRestoreRoundTripTest {
  @TempDir Path tmp;

  private Repository newRepository() {
    return TestRepositories.init(LocalBlobStore.create(tmp.resolve("repo")));
  }

  private static Snapshot backup(Repository repo, Path source) {
    BackupResult r =
        new Backup(repo).run(BackupRequest.of("testhost", source), new BackupProgress());
    assertThat(r.problems()).isEmpty();
    return r.snapshot();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 2026})
  void restoredTreeEqualsBackedUpTree(long seed) throws Exception {
    Path source = tmp.resolve("source");
    new TreeGenerator(seed).write(source, 3_000_000);
    try (Repository repo = newRepository()) {
      Snapshot s = backup(repo, source);
      Path target = tmp.resolve("restored");
      RestoreResult r =
          new Restore(repo)
              .run(RestoreRequest.of(s, target).withVerify(true), new RestoreProgress());
      assertThat(r.problems()).as("seed %d", seed).isEmpty();
      assertThat(r.verifiedFiles()).as("seed %d", seed).isPositive();
      TreeAssertions.assertSameTree(source, target, "seed " + seed);
    }
  }

  @Test
  void restoreWritesZeroRunsAsHoles() throws Exception {
    Path source = tmp.resolve("source");
    new TreeGenerator(7).write(source, 100_000);
    try (Repository repo = newRepository()) {
      Snapshot s = backup(repo, source);
      Path target = tmp.resolve("restored");
      new Restore(repo).run(RestoreRequest.of(s, target), new RestoreProgress());
      long blocks = allocatedBlocks(target.resolve("sparse.img"));
      assertThat(Files.size(target.resolve("sparse.img"))).isEqualTo(8L * 1024 * 1024);
      assertThat(blocks * 512)
          .as("allocated bytes of an 8 MiB sparse file")
          .isLessThan(1024 * 1024);
    }
  }

  private static long allocatedBlocks(Path p) throws Exception {
    Process proc =
        new ProcessBuilder("stat", "-c", "%b", p.toString()).redirectErrorStream(true).start();
    String out = new String(proc.getInputStream().readAllBytes()).trim();
    assertThat(proc.waitFor()).isZero();
    return Long.parseLong(out);
  }

  @Test
  void unchangedTreeIsNotReadAgainAndAddsNothing() throws Exception {
    Path source = tmp.resolve("source");
    new TreeGenerator(11).write(source, 1_000_000);
    try (Repository repo = newRepository()) {
      Snapshot first = backup(repo, source);
      Snapshot second = backup(repo, source);
      assertThat(second.parent()).contains(first.id());
      assertThat(second.stats().filesUnchanged()).isEqualTo(second.stats().files());
      assertThat(second.stats().filesNew() + second.stats().filesChanged()).isZero();
      assertThat(second.stats().chunksNew()).isZero();
      assertThat(second.stats().bytesAdded()).isZero();
      assertThat(second.tree()).isEqualTo(first.tree());
    }
  }

  @Test
  void changedFileIsReadAgainAndOnlyItsNewChunksAreStored() throws Exception {
    Path source = tmp.resolve("source");
    Files.createDirectories(source);
    byte[] big = new byte[2_000_000];
    new java.util.Random(5).nextBytes(big);
    Files.write(source.resolve("big.bin"), big);
    Files.writeString(source.resolve("small.txt"), "hello");
    try (Repository repo = newRepository()) {
      Snapshot first = backup(repo, source);
      big[1_000_000] ^= 1;
      Files.write(source.resolve("big.bin"), big);
      Snapshot second = backup(repo, source);
      assertThat(second.stats().filesChanged()).isEqualTo(1);
      assertThat(second.stats().filesUnchanged()).isEqualTo(1);
      assertThat(second.stats().chunksNew())
          .as("one changed chunk (plus maybe a neighbour)")
          .isBetween(1L, 3L);
      assertThat(first.stats().chunksNew()).isGreaterThan(10);
    }
  }

  @Test
  void identicalFilesAreStoredOnceAcrossFilesAndSources() throws Exception {
    Path source = tmp.resolve("source");
    Files.createDirectories(source.resolve("a"));
    Files.createDirectories(source.resolve("b"));
    byte[] data = new byte[500_000];
    new java.util.Random(9).nextBytes(data);
    Files.write(source.resolve("a/one.bin"), data);
    Files.write(source.resolve("b/two.bin"), data);
    try (Repository repo = newRepository()) {
      Snapshot s = backup(repo, source);
      long dataChunks = repo.index().size() - countTrees(repo);
      assertThat(dataChunks)
          .as("two equal files store their chunks once")
          .isEqualTo(s.stats().chunksNew());
      Path other = tmp.resolve("single");
      Files.createDirectories(other);
      Files.write(other.resolve("one.bin"), data);
      Snapshot single = backup(repo, other);
      assertThat(single.stats().filesNew()).isEqualTo(1);
      assertThat(single.stats().chunksNew())
          .as("same content from another source dedupes")
          .isZero();
    }
  }

  private static long countTrees(Repository repo) {
    long[] n = {0};
    repo.index()
        .forEach((id, at) -> n[0] += at.type() == dev.holdfast.core.content.BlobType.TREE ? 1 : 0);
    return n[0];
  }

  @Test
  void severalPathsBecomeEntriesOfTheRootTree() throws Exception {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b.txt");
    Files.createDirectories(a);
    Files.writeString(a.resolve("inside.txt"), "in a");
    Files.writeString(b, "b file");
    try (Repository repo = newRepository()) {
      BackupResult r = new Backup(repo).run(BackupRequest.of("h", a, b), new BackupProgress());
      assertThat(r.snapshot().source()).isEqualTo("file://h" + tmp.toAbsolutePath());
      Path target = tmp.resolve("restored");
      new Restore(repo).run(RestoreRequest.of(r.snapshot(), target), new RestoreProgress());
      assertThat(Files.readString(target.resolve("a/inside.txt"))).isEqualTo("in a");
      assertThat(Files.readString(target.resolve("b.txt"))).isEqualTo("b file");
    }
  }

  @Test
  void excludedEntriesAreLeftOut() throws Exception {
    Path source = tmp.resolve("source");
    Files.createDirectories(source.resolve("cache/deep"));
    Files.writeString(source.resolve("keep.txt"), "keep");
    Files.writeString(source.resolve("drop.tmp"), "drop");
    Files.writeString(source.resolve("cache/deep/x.bin"), "x");
    try (Repository repo = newRepository()) {
      BackupResult r =
          new Backup(repo)
              .run(
                  BackupRequest.of("h", source).withExcludes(List.of("*.tmp", "cache")),
                  new BackupProgress());
      Path target = tmp.resolve("restored");
      new Restore(repo).run(RestoreRequest.of(r.snapshot(), target), new RestoreProgress());
      assertThat(Files.exists(target.resolve("keep.txt"))).isTrue();
      assertThat(Files.exists(target.resolve("drop.tmp"))).isFalse();
      assertThat(Files.exists(target.resolve("cache"))).isFalse();
    }
  }

  @Test
  void backupOfAMissingPathIsAUsageError() {
    try (Repository repo = newRepository()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  new Backup(repo)
                      .run(BackupRequest.of("h", tmp.resolve("nope")), new BackupProgress()))
          .isInstanceOf(dev.holdfast.core.UsageError.class)
          .hasMessageContaining("nope")
          .hasMessageContaining("no such file");
    }
  }

  @Test
  void aTreeWhoseBytesEqualAFileStillRestores() throws Exception {
    // An empty folder's tree is exactly this JSON; backed up first as file content, the tree
    // later deduplicates onto the data blob and must read back as a tree all the same.
    Path first = tmp.resolve("first");
    Files.createDirectories(first);
    Files.writeString(first.resolve("f.json"), "{\"version\":1,\"entries\":[]}");
    Path second = tmp.resolve("second");
    Files.createDirectories(second.resolve("empty"));
    try (Repository repo = newRepository()) {
      backup(repo, first);
      Snapshot s = backup(repo, second);
      Path target = tmp.resolve("restored");
      RestoreResult r = new Restore(repo).run(RestoreRequest.of(s, target), new RestoreProgress());
      assertThat(r.problems()).isEmpty();
      assertThat(Files.isDirectory(target.resolve("empty"))).isTrue();
      assertThat(
              new dev.holdfast.core.check.Check(repo)
                  .run(dev.holdfast.core.check.CheckOptions.allData())
                  .errors())
          .isEmpty();
    }
  }

  @Test
  void hardLinksNeverPointAtAFileRestoreDidNotWrite() throws Exception {
    Path source = tmp.resolve("source");
    Files.createDirectories(source);
    Files.writeString(source.resolve("a"), "from the snapshot");
    Files.createLink(source.resolve("b"), source.resolve("a"));
    try (Repository repo = newRepository()) {
      Snapshot s = backup(repo, source);
      Path target = tmp.resolve("restored");
      Files.createDirectories(target);
      Files.writeString(target.resolve("a"), "the user's own file");
      RestoreResult r =
          new Restore(repo)
              .run(
                  RestoreRequest.of(s, target)
                      .withOverwrite(dev.holdfast.core.restore.Overwrite.NEVER),
                  new RestoreProgress());
      assertThat(r.problems()).isEmpty();
      assertThat(Files.readString(target.resolve("a"))).isEqualTo("the user's own file");
      assertThat(Files.readString(target.resolve("b"))).isEqualTo("from the snapshot");
      assertThat(Files.isSameFile(target.resolve("a"), target.resolve("b"))).isFalse();
    }
  }
}
