package dev.holdfast.core.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.content.BlobType;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.storage.local.LocalBlobStore;
import dev.holdfast.core.testing.CraftedSnapshots;
import dev.holdfast.core.testing.TestRepositories;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RestorePathSafetyTest {
  @TempDir Path tmp;

  private Repository repo() {
    return TestRepositories.init(LocalBlobStore.create(tmp.resolve("repo")));
  }

  private static long countFiles(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir)).count();
    }
  }

  @ParameterizedTest(name = "name {0}")
  @ValueSource(
      strings = {"..", ".", "../../outside", "/etc/evil", "a/../../b", "", "nul\u0000byte"})
  void restoreRefusesEntryNamesThatEscapeTheTarget(String hostile) throws Exception {
    Path outside = tmp.resolve("outside");
    Files.createDirectories(outside);
    try (Repository repo = repo()) {
      CraftedSnapshots crafted = new CraftedSnapshots(repo);
      ChunkId data =
          crafted.storeBlobs(BlobType.DATA, "pwned".getBytes(StandardCharsets.UTF_8)).get(0);
      ChunkId bad =
          crafted.tree(CraftedSnapshots.treeJson(CraftedSnapshots.fileEntry(hostile, 5, data)));
      ChunkId root =
          crafted.tree(CraftedSnapshots.treeJson(CraftedSnapshots.dirEntry("inner", bad)));
      Snapshot s = crafted.snapshot(root);
      Path target = tmp.resolve("target/deeper");
      assertThatThrownBy(
              () -> new Restore(repo).run(RestoreRequest.of(s, target), new RestoreProgress()))
          .isInstanceOf(CorruptObject.class)
          .hasMessageContaining("tree " + bad.toShortHex());
      assertThat(countFiles(outside)).isZero();
      assertThat(Files.exists(tmp.resolve("target/pwned"))).isFalse();
      assertThat(Files.exists(tmp.resolve("b"))).isFalse();
    }
  }

  @Test
  void restoreReplacesASymlinkPlantedInTheTargetInsteadOfWritingThroughIt() throws Exception {
    Path outside = tmp.resolve("outside");
    Files.createDirectories(outside);
    try (Repository repo = repo()) {
      Snapshot s = snapshotWithFileInFolder(repo);
      Path target = tmp.resolve("target");
      Files.createDirectories(target);
      Files.createSymbolicLink(target.resolve("folder"), outside);
      RestoreResult r = new Restore(repo).run(RestoreRequest.of(s, target), new RestoreProgress());
      assertThat(r.problems()).isEmpty();
      assertThat(countFiles(outside)).as("nothing written through the planted link").isZero();
      assertThat(Files.isSymbolicLink(target.resolve("folder"))).isFalse();
      assertThat(Files.readString(target.resolve("folder/file.txt"))).isEqualTo("hello");
    }
  }

  @Test
  void restoreWithOverwriteNeverSkipsAFolderBlockedByASymlink() throws Exception {
    Path outside = tmp.resolve("outside");
    Files.createDirectories(outside);
    try (Repository repo = repo()) {
      Snapshot s = snapshotWithFileInFolder(repo);
      Path target = tmp.resolve("target");
      Files.createDirectories(target);
      Files.createSymbolicLink(target.resolve("folder"), outside);
      RestoreResult r =
          new Restore(repo)
              .run(
                  RestoreRequest.of(s, target).withOverwrite(Overwrite.NEVER),
                  new RestoreProgress());
      assertThat(r.problems()).extracting(RestoreProblem::path).containsExactly("folder");
      assertThat(countFiles(outside)).isZero();
      assertThat(Files.isSymbolicLink(target.resolve("folder"))).isTrue();
    }
  }

  @Test
  void restoreDoesNotFollowAPlantedSymlinkAtAFileName() throws Exception {
    Path outside = tmp.resolve("outside.txt");
    Files.writeString(outside, "original");
    try (Repository repo = repo()) {
      Snapshot s = snapshotWithFileInFolder(repo);
      Path target = tmp.resolve("target");
      Files.createDirectories(target.resolve("folder"));
      Files.createSymbolicLink(target.resolve("folder/file.txt"), outside);
      RestoreResult r = new Restore(repo).run(RestoreRequest.of(s, target), new RestoreProgress());
      assertThat(r.problems()).isEmpty();
      assertThat(Files.readString(outside)).isEqualTo("original");
      assertThat(Files.isSymbolicLink(target.resolve("folder/file.txt"))).isFalse();
      assertThat(Files.readString(target.resolve("folder/file.txt"))).isEqualTo("hello");
    }
  }

  @Test
  void symlinksFromTheSnapshotAreCreatedAfterAllDataSoNothingIsWrittenThroughThem()
      throws Exception {
    Path outside = tmp.resolve("outside");
    Files.createDirectories(outside);
    try (Repository repo = repo()) {
      CraftedSnapshots crafted = new CraftedSnapshots(repo);
      ChunkId data =
          crafted.storeBlobs(BlobType.DATA, "hello".getBytes(StandardCharsets.UTF_8)).get(0);
      ChunkId sub =
          crafted.tree(CraftedSnapshots.treeJson(CraftedSnapshots.fileEntry("x.txt", 5, data)));
      // "a" is a symlink to outside; "b" is a folder: even if a restore followed links it could
      // not reach outside, because links are made last.
      ChunkId root =
          crafted.tree(
              CraftedSnapshots.treeJson(
                  CraftedSnapshots.entry("a", "symlink", "\"target\":\"" + outside + "\""),
                  CraftedSnapshots.dirEntry("b", sub)));
      Snapshot s = crafted.snapshot(root);
      Path target = tmp.resolve("target");
      RestoreResult r = new Restore(repo).run(RestoreRequest.of(s, target), new RestoreProgress());
      assertThat(r.problems()).isEmpty();
      assertThat(Files.readSymbolicLink(target.resolve("a"))).isEqualTo(outside);
      assertThat(countFiles(outside)).isZero();
    }
  }

  @Test
  void aMissingChunkLeavesTheRestOfTheFileZeroNotShifted() throws Exception {
    try (Repository repo = repo()) {
      CraftedSnapshots crafted = new CraftedSnapshots(repo);
      List<ChunkId> ids =
          crafted.storeBlobs(
              BlobType.DATA,
              "first-".getBytes(StandardCharsets.UTF_8),
              "third!".getBytes(StandardCharsets.UTF_8));
      ChunkId missing = ChunkId.of(new byte[32]);
      ChunkId root =
          crafted.tree(
              CraftedSnapshots.treeJson(
                  CraftedSnapshots.fileEntry("f.bin", 18, ids.get(0), missing, ids.get(1))));
      Snapshot s = crafted.snapshot(root);
      Path target = tmp.resolve("target");
      RestoreResult r = new Restore(repo).run(RestoreRequest.of(s, target), new RestoreProgress());
      assertThat(r.problems()).extracting(RestoreProblem::path).containsExactly("f.bin");
      assertThat(r.problems().get(0).message()).contains("incomplete from byte 6");
      byte[] restored = Files.readAllBytes(target.resolve("f.bin"));
      assertThat(restored).hasSize(18);
      assertThat(new String(restored, 0, 6, StandardCharsets.UTF_8)).isEqualTo("first-");
      assertThat(java.util.Arrays.copyOfRange(restored, 6, 18)).containsOnly((byte) 0);
    }
  }

  private static Snapshot snapshotWithFileInFolder(Repository repo) {
    CraftedSnapshots crafted = new CraftedSnapshots(repo);
    ChunkId data =
        crafted.storeBlobs(BlobType.DATA, "hello".getBytes(StandardCharsets.UTF_8)).get(0);
    ChunkId sub =
        crafted.tree(CraftedSnapshots.treeJson(CraftedSnapshots.fileEntry("file.txt", 5, data)));
    ChunkId root =
        crafted.tree(CraftedSnapshots.treeJson(CraftedSnapshots.dirEntry("folder", sub)));
    return crafted.snapshot(root);
  }
}
