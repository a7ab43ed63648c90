package dev.holdfast.core.prune;

import static dev.holdfast.core.testing.RepositoryAssertions.checksClean;
import static dev.holdfast.core.testing.RepositoryAssertions.restoresExactly;
import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.backup.Backup;
import dev.holdfast.core.backup.BackupProgress;
import dev.holdfast.core.backup.BackupRequest;
import dev.holdfast.core.lock.LockOwner;
import dev.holdfast.core.lock.LockTiming;
import dev.holdfast.core.lock.Locks;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import dev.holdfast.core.testing.FaultyStore;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.core.testing.TreeGenerator;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A prune that dies at any point (a crash before or after any of its puts, deletes that fail)
 * leaves a repository whose snapshots all restore and that checks clean; the next prune completes
 * the work. The dead prune's lock is stale at once (its process is gone), as after a real crash.
 */
class PruneCrashTest {
  private static final LockOwner CRASHED = new LockOwner("box", "ops", 111, "pid:[9]");
  private static final LockOwner NEXT = new LockOwner("box", "ops", 222, "pid:[9]");

  @TempDir Path tmp;

  private InMemoryBlobStore inner;
  private Path kept;
  private Snapshot keptSnapshot;

  /**
   * Three backups; two forgotten, so prune has unused packs to delete and sparse ones to repack.
   */
  private void history() throws Exception {
    inner = new InMemoryBlobStore();
    TestRepositories.init(inner).close();
    Path both = tmp.resolve("both");
    kept = both.resolve("kept");
    new TreeGenerator(11).write(kept, 600_000);
    new TreeGenerator(12).write(both.resolve("dropped"), 600_000);
    Path other = tmp.resolve("other");
    new TreeGenerator(13).write(other, 600_000);
    try (Repository repo = TestRepositories.open(inner)) {
      Snapshot mixed = backup(repo, both);
      keptSnapshot = backup(repo, kept);
      Snapshot gone = backup(repo, other);
      repo.snapshots().delete(mixed.id());
      repo.snapshots().delete(gone.id());
    }
  }

  private static Snapshot backup(Repository repo, Path source) {
    return new Backup(repo).run(BackupRequest.of("box", source), new BackupProgress()).snapshot();
  }

  private static Locks locks(Repository repo, LockOwner owner) {
    return new Locks(repo, owner, LockTiming.DEFAULT, pid -> pid == NEXT.pid());
  }

  @ParameterizedTest(name = "crash after {0} puts")
  @ValueSource(longs = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
  void aPruneCrashingAtAnyPutLosesNothing(long puts) throws Exception {
    history();
    FaultyStore faulty = new FaultyStore(inner, puts).crashAfterPuts(puts);
    interruptedPrune(faulty);
    faulty.heal();
    recovers("crash after " + puts + " puts");
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void aPruneWhoseDeletesFailLosesNothing(long seed) throws Exception {
    history();
    FaultyStore faulty =
        new FaultyStore(inner, seed)
            .fail(FaultyStore.Request.DELETE, 0.25)
            .resetAfter(FaultyStore.Request.DELETE, 0.25);
    interruptedPrune(faulty);
    faulty.heal();
    recovers("deletes failing, seed " + seed);
  }

  private static void interruptedPrune(BlobStore faulty) {
    try (Repository repo = TestRepositories.open(faulty)) {
      new Prune(repo, locks(repo, CRASHED)).run(PruneOptions.DEFAULT);
    } catch (StorageUnavailable e) {
      // the prune died here; what it left behind is what the rest of the test looks at
    }
  }

  private void recovers(String ctx) throws Exception {
    try (Repository repo = TestRepositories.open(inner)) {
      checksClean(repo, ctx + ", before the next prune");
    }
    restoresExactly(inner, keptSnapshot, kept, tmp.resolve("r1"), ctx + ", before the next prune");

    try (Repository repo = TestRepositories.open(inner)) {
      PruneResult next = new Prune(repo, locks(repo, NEXT)).run(PruneOptions.DEFAULT);
      assertThat(next.waitingFor()).as("%s: the dead prune's lock is stale", ctx).isEmpty();
      checksClean(repo, ctx + ", after the next prune");
      PruneResult settled = new Prune(repo, locks(repo, NEXT)).run(PruneOptions.DEFAULT);
      assertThat(settled.unusedPacks() + settled.repackedPacks())
          .as("%s: nothing left to prune", ctx)
          .isZero();
    }
    assertThat(inner.list(BlobKind.DELETION)).as("%s: deletion records left", ctx).isEmpty();
    restoresExactly(inner, keptSnapshot, kept, tmp.resolve("r2"), ctx + ", after the next prune");
  }
}
