package dev.holdfast.core.prune;

import static dev.holdfast.core.testing.RepositoryAssertions.checksClean;
import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.backup.Backup;
import dev.holdfast.core.backup.BackupProgress;
import dev.holdfast.core.backup.BackupRequest;
import dev.holdfast.core.id.PackId;
import dev.holdfast.core.lock.LockOwner;
import dev.holdfast.core.lock.LockTiming;
import dev.holdfast.core.lock.Locks;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import dev.holdfast.core.testing.ManualClock;
import dev.holdfast.core.testing.ObjectLockStore;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.core.testing.TreeGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prune respects storage object lock: packs still under retention are neither deleted nor reported
 * as freed, the repository stays whole, and a prune after the retention ends deletes them.
 */
class PruneObjectLockTest {
  @TempDir Path tmp;

  @Test
  void lockedPacksSurviveUntilTheirRetentionEndsThenGo() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-25T09:00:00Z"));
    InMemoryBlobStore memory = new InMemoryBlobStore(clock);
    ObjectLockStore store = new ObjectLockStore(memory, clock);
    TestRepositories.init(store, clock).close();
    Path gone = tmp.resolve("gone");
    new TreeGenerator(21).write(gone, 800_000);
    Path kept = tmp.resolve("kept");
    new TreeGenerator(22).write(kept, 800_000);
    try (Repository repo = TestRepositories.open(store, clock)) {
      Snapshot g = backup(repo, gone);
      backup(repo, kept);
      repo.snapshots().delete(g.id());
    }
    Instant until = clock.instant().plus(Duration.ofDays(30));
    Set<PackId> packs =
        memory.list(BlobKind.PACK).stream()
            .map(i -> PackId.fromHex(i.name().name()))
            .collect(Collectors.toSet());
    for (BlobInfo info : memory.list(BlobKind.PACK)) {
      store.lock(info.name(), until);
    }

    PruneResult locked = prune(store, clock);
    assertThat(locked.unusedPacks() + locked.repackedPacks()).isPositive();
    assertThat(locked.packsDeleted()).isZero();
    assertThat(locked.bytesFreed()).isZero();
    assertThat(locked.packsKeptByObjectLock()).isPositive();
    assertThat(locked.keptUntil()).contains(until);
    assertThat(
            memory.list(BlobKind.PACK).stream()
                .map(i -> PackId.fromHex(i.name().name()))
                .collect(Collectors.toSet()))
        .as("every locked pack is still there")
        .containsAll(packs);
    try (Repository repo = TestRepositories.open(store, clock)) {
      checksClean(repo, "after a prune that object lock held back");
    }

    clock.advance(Duration.ofDays(31));
    PruneResult expired = prune(store, clock);
    assertThat(expired.packsDeleted()).isEqualTo(locked.packsKeptByObjectLock());
    assertThat(expired.bytesFreed()).isPositive();
    try (Repository repo = TestRepositories.open(store, clock)) {
      checksClean(repo, "after the retention ended");
    }
  }

  private static Snapshot backup(Repository repo, Path source) {
    return new Backup(repo).run(BackupRequest.of("box", source), new BackupProgress()).snapshot();
  }

  private static PruneResult prune(ObjectLockStore store, ManualClock clock) {
    try (Repository repo = TestRepositories.open(store, clock)) {
      return new Prune(
              repo,
              new Locks(repo, LockOwner.thisProcess("box", "ops"), LockTiming.DEFAULT, p -> true))
          .run(PruneOptions.DEFAULT);
    }
  }
}
