package dev.holdfast.core.prune;

import static dev.holdfast.core.testing.RepositoryAssertions.checksClean;
import static dev.holdfast.core.testing.RepositoryAssertions.restoresExactly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.RepositoryLocked;
import dev.holdfast.core.backup.Backup;
import dev.holdfast.core.backup.BackupProgress;
import dev.holdfast.core.backup.BackupRequest;
import dev.holdfast.core.check.Check;
import dev.holdfast.core.check.CheckOptions;
import dev.holdfast.core.id.SnapshotId;
import dev.holdfast.core.lock.LockMode;
import dev.holdfast.core.lock.LockOwner;
import dev.holdfast.core.lock.Locks;
import dev.holdfast.core.lock.RepositoryLock;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.local.LocalBlobStore;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.core.testing.TreeGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PruneTest {
  @TempDir Path tmp;
  private BlobStore store;

  @BeforeEach
  void createRepository() {
    store = LocalBlobStore.create(tmp.resolve("repo"));
    TestRepositories.init(store).close();
  }

  private static Locks locks(Repository repo, String host) {
    return new Locks(repo, LockOwner.thisProcess(host, "tester"));
  }

  private static PruneResult prune(Repository repo, PruneOptions options) {
    return new Prune(repo, locks(repo, "pruner")).run(options);
  }

  private Path source(String name, long seed, long bytes) throws IOException {
    Path dir = tmp.resolve(name);
    new TreeGenerator(seed).write(dir, bytes);
    return dir;
  }

  private static Snapshot backup(Repository repo, Path source) {
    return new Backup(repo)
        .run(BackupRequest.of("testhost", source), new BackupProgress())
        .snapshot();
  }

  private long packBytes() {
    return store.list(BlobKind.PACK).stream().mapToLong(BlobInfo::size).sum();
  }

  private List<String> allBlobs() {
    List<String> names = new ArrayList<>();
    for (BlobKind kind : BlobKind.values()) {
      store.list(kind).forEach(i -> names.add(i.name().path()));
    }
    names.sort(Comparator.naturalOrder());
    return names;
  }

  @Test
  void dataOfAForgottenSnapshotIsDeletedAndTheRestStillRestores() throws IOException {
    Path first = source("first", 1, 2_000_000);
    Path second = source("second", 2, 2_000_000);
    Snapshot keep;
    try (Repository repo = TestRepositories.open(store)) {
      Snapshot gone = backup(repo, first);
      keep = backup(repo, second);
      repo.snapshots().delete(gone.id());
    }
    long before = packBytes();

    PruneResult r;
    try (Repository repo = TestRepositories.open(store)) {
      r = prune(repo, PruneOptions.DEFAULT);
    }

    assertThat(r.waitingFor()).isEmpty();
    assertThat(r.unusedPacks() + r.repackedPacks()).as("%s", r).isPositive();
    assertThat(r.packsDeleted()).isEqualTo(r.unusedPacks() + r.repackedPacks());
    assertThat(r.bytesFreed()).isPositive();
    assertThat(packBytes()).isLessThan(before);
    assertThat(store.list(BlobKind.DELETION)).as("deletion records left").isEmpty();
    assertThat(store.list(BlobKind.LOCK)).as("locks left").isEmpty();
    try (Repository repo = TestRepositories.open(store)) {
      checksClean(repo, "after prune");
    }
    restoresExactly(store, keep, second, tmp.resolve("restored"), "kept snapshot");

    try (Repository repo = TestRepositories.open(store)) {
      PruneResult again = prune(repo, PruneOptions.DEFAULT);
      assertThat(again.unusedPacks()).as("second prune, unused").isZero();
      assertThat(again.repackedPacks()).as("second prune, repacked").isZero();
      assertThat(again.packsDeleted()).as("second prune, deleted").isZero();
    }
  }

  @Test
  void sparsePacksAreRepackedAndTheirUsedBlobsStayReadable() throws IOException {
    // One snapshot of two folders mixes their chunks in the same packs; forgetting it and keeping
    // a snapshot of one folder leaves every pack about half used.
    Path both = tmp.resolve("both");
    Path kept = both.resolve("kept");
    new TreeGenerator(3).write(kept, 1_500_000);
    new TreeGenerator(4).write(both.resolve("dropped"), 1_500_000);
    Snapshot keep;
    try (Repository repo = TestRepositories.open(store)) {
      Snapshot gone = backup(repo, both);
      keep = backup(repo, kept);
      repo.snapshots().delete(gone.id());
    }

    PruneResult r;
    try (Repository repo = TestRepositories.open(store)) {
      r = prune(repo, new PruneOptions(0.8, false, false));
    }

    assertThat(r.repackedPacks()).isPositive();
    assertThat(r.blobsCopied()).isPositive();
    try (Repository repo = TestRepositories.open(store)) {
      checksClean(repo, "after repacking");
    }
    restoresExactly(store, keep, kept, tmp.resolve("restored"), "snapshot of repacked data");
  }

  @Test
  void noRepackThresholdRemovesOnlyWhollyUnusedPacks() throws IOException {
    Path both = tmp.resolve("both");
    new TreeGenerator(3).write(both.resolve("kept"), 1_000_000);
    new TreeGenerator(4).write(both.resolve("dropped"), 1_000_000);
    try (Repository repo = TestRepositories.open(store)) {
      Snapshot gone = backup(repo, both);
      backup(repo, both.resolve("kept"));
      repo.snapshots().delete(gone.id());
      PruneResult r = prune(repo, new PruneOptions(0, false, false));
      assertThat(r.repackedPacks()).isZero();
      assertThat(r.blobsCopied()).isZero();
    }
  }

  @Test
  void dryRunChangesNothing() throws IOException {
    Path first = source("first", 5, 1_000_000);
    try (Repository repo = TestRepositories.open(store)) {
      Snapshot gone = backup(repo, first);
      backup(repo, source("second", 6, 1_000_000));
      repo.snapshots().delete(gone.id());
    }
    List<String> before = allBlobs();

    PruneResult r;
    try (Repository repo = TestRepositories.open(store)) {
      r = prune(repo, PruneOptions.DEFAULT.asDryRun());
    }

    assertThat(r.dryRun()).isTrue();
    assertThat(r.unusedPacks() + r.repackedPacks()).isPositive();
    assertThat(r.packsDeleted()).isZero();
    assertThat(allBlobs()).isEqualTo(before);
  }

  /**
   * The case prune exists to get right: a backup that started before the prune deduplicated against
   * data the prune condemns, and commits its snapshot after the prune. The prune must wait for that
   * backup's lock, and the next prune must find the new snapshot and spare the packs.
   */
  @Test
  void aBackupThatReliesOnCondemnedDataKeepsIt() throws IOException {
    Path data = source("data", 7, 2_000_000);
    Snapshot gone;
    try (Repository repo = TestRepositories.open(store)) {
      gone = backup(repo, data);
      repo.snapshots().delete(gone.id());
    }

    Snapshot committed;
    try (Repository writer = TestRepositories.open(store);
        RepositoryLock writerLock = locks(writer, "writer").acquire(LockMode.SHARED, "backup")) {
      assertThat(writer.index().contains(gone.tree())).isTrue(); // what it will deduplicate onto

      try (Repository pruner = TestRepositories.open(store)) {
        PruneResult first = prune(pruner, PruneOptions.DEFAULT);
        assertThat(first.unusedPacks() + first.repackedPacks()).isPositive();
        assertThat(first.packsDeleted()).as("deleted while a backup runs").isZero();
        assertThat(first.waitingFor()).singleElement().asString().contains("backup", "writer");
      }
      try (Repository checker = TestRepositories.open(store)) {
        assertThat(new Check(checker).run(CheckOptions.structure()).warnings())
            .as("check names the packs a waiting prune condemned")
            .isNotEmpty()
            .allMatch(w -> w.contains("condemned by a prune that waits"));
      }

      // The backup found every chunk and tree in its (old) index and stored nothing new.
      writerLock.checkHeld();
      committed = writer.snapshots().save(gone.withId(SnapshotId.random(writer.random())));
    }

    try (Repository pruner = TestRepositories.open(store)) {
      PruneResult second = prune(pruner, PruneOptions.DEFAULT);
      assertThat(second.packsRescued()).isPositive();
      assertThat(second.waitingFor()).isEmpty();
      checksClean(pruner, "after the rescue");
    }
    restoresExactly(store, committed, data, tmp.resolve("restored"), "rescued snapshot");

    try (Repository repo = TestRepositories.open(store)) {
      repo.snapshots().delete(committed.id());
      PruneResult last = prune(repo, PruneOptions.DEFAULT);
      assertThat(last.packsDeleted()).isPositive();
      assertThat(store.list(BlobKind.PACK)).as("packs left when no snapshot remains").isEmpty();
    }
  }

  @Test
  void condemnedPacksAreNotDeletedWhileASnapshotCannotBeRead() throws IOException {
    Path data = source("data", 17, 1_000_000);
    try (Repository repo = TestRepositories.open(store)) {
      repo.snapshots().delete(backup(repo, data).id());
    }
    int packs;
    try (Repository writer = TestRepositories.open(store);
        RepositoryLock writerLock = locks(writer, "writer").acquire(LockMode.SHARED, "backup")) {
      try (Repository pruner = TestRepositories.open(store)) {
        assertThat(prune(pruner, PruneOptions.DEFAULT).waitingFor()).isNotEmpty();
      }
      packs = store.list(BlobKind.PACK).size();
      // A manifest that this version cannot read appears, written by the waiting backup.
      store.putIfAbsent(
          new dev.holdfast.core.storage.BlobName(BlobKind.SNAPSHOT, "ef".repeat(32)),
          new byte[100]);
    }
    try (Repository pruner = TestRepositories.open(store)) {
      assertThatThrownBy(() -> prune(pruner, PruneOptions.DEFAULT))
          .isInstanceOf(dev.holdfast.core.CorruptObject.class)
          .hasMessageContaining("cannot be read");
    }
    assertThat(store.list(BlobKind.PACK)).as("packs kept").hasSize(packs);
  }

  /**
   * The race the torture test found: the backup has committed its snapshot, which relies on
   * condemned data, but still holds its lock when the next prune starts. That prune must not take
   * the snapshot for damage: it indexes the condemned packs again and goes on.
   */
  @Test
  void aPruneBesideACommittedButUnfinishedBackupIndexesTheCondemnedDataAgain() throws IOException {
    Path data = source("data", 19, 1_500_000);
    Snapshot gone;
    try (Repository repo = TestRepositories.open(store)) {
      gone = backup(repo, data);
      repo.snapshots().delete(gone.id());
    }
    Snapshot committed;
    try (Repository writer = TestRepositories.open(store);
        RepositoryLock writerLock = locks(writer, "writer").acquire(LockMode.SHARED, "backup")) {
      assertThat(writer.index().contains(gone.tree())).isTrue();
      try (Repository pruner = TestRepositories.open(store)) {
        assertThat(prune(pruner, PruneOptions.DEFAULT).waitingFor()).isNotEmpty();
      }
      committed = writer.snapshots().save(gone.withId(SnapshotId.random(writer.random())));

      try (Repository pruner = TestRepositories.open(store)) {
        PruneResult dry = prune(pruner, PruneOptions.DEFAULT.asDryRun());
        assertThat(dry.packsDeleted()).isZero();
        PruneResult beside = prune(pruner, PruneOptions.DEFAULT);
        assertThat(beside.packsDeleted()).as("nothing deleted while the backup runs").isZero();
        checksClean(pruner, "beside the backup that has not finished");
      }
    }
    try (Repository pruner = TestRepositories.open(store)) {
      prune(pruner, PruneOptions.DEFAULT);
      checksClean(pruner, "after the backup finished");
    }
    restoresExactly(store, committed, data, tmp.resolve("restored"), "snapshot beside two prunes");
  }

  @Test
  void aSecondPruneIsRefusedWhileOneRuns() {
    try (Repository repo = TestRepositories.open(store);
        RepositoryLock running = locks(repo, "other-host").acquire(LockMode.EXCLUSIVE, "prune")) {
      assertThatThrownBy(() -> prune(repo, PruneOptions.DEFAULT))
          .isInstanceOf(RepositoryLocked.class)
          .hasMessageContaining("prune by tester on host other-host")
          .hasMessageContaining("holdfast unlock");
      assertThat(store.list(BlobKind.LOCK)).as("only the running prune's lock").hasSize(1);
    }
  }

  @Test
  void pruneOfAnEmptyRepositoryDoesNothing() {
    try (Repository repo = TestRepositories.open(store)) {
      PruneResult r = prune(repo, PruneOptions.DEFAULT);
      assertThat(r.packs()).isZero();
      assertThat(r.packsDeleted()).isZero();
    }
  }

  @Test
  void forgettingEverythingLeavesNoPacks() throws IOException {
    try (Repository repo = TestRepositories.open(store)) {
      Snapshot a = backup(repo, source("a", 8, 500_000));
      Snapshot b = backup(repo, source("b", 9, 500_000));
      repo.snapshots().delete(a.id());
      repo.snapshots().delete(b.id());
      prune(repo, PruneOptions.DEFAULT);
    }
    assertThat(store.list(BlobKind.PACK)).isEmpty();
    try (Repository repo = TestRepositories.open(store)) {
      assertThat(repo.index().size()).isZero();
      checksClean(repo, "empty after prune");
    }
  }
}
