package dev.holdfast.core.prune;

import static dev.holdfast.core.testing.RepositoryAssertions.checksClean;
import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.backup.Backup;
import dev.holdfast.core.backup.BackupProgress;
import dev.holdfast.core.backup.BackupRequest;
import dev.holdfast.core.lock.LockOwner;
import dev.holdfast.core.lock.LockTiming;
import dev.holdfast.core.lock.Locks;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import dev.holdfast.core.testing.ManualClock;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.core.testing.TreeGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live lock that prune cannot read (damaged, or written by a newer version) might be a backup
 * relying on condemned data: prune waits for it like for any other, until it turns stale.
 */
class PruneUnreadableLockTest {
  @TempDir Path tmp;

  @Test
  void anUnreadableLiveLockIsWaitedForUntilItIsStale() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-25T09:00:00Z"));
    InMemoryBlobStore store = new InMemoryBlobStore(clock);
    TestRepositories.init(store, clock).close();
    Path gone = tmp.resolve("gone");
    new TreeGenerator(31).write(gone, 500_000);
    try (Repository repo = TestRepositories.open(store, clock)) {
      Snapshot g =
          new Backup(repo).run(BackupRequest.of("box", gone), new BackupProgress()).snapshot();
      repo.snapshots().delete(g.id());
    }
    clock.advance(Duration.ofMinutes(1)); // the unreadable lock's holder started after that backup
    store.putIfAbsent(new BlobName(BlobKind.LOCK, "cd".repeat(32)), new byte[64]);

    PruneResult first = prune(store, clock);
    assertThat(first.unusedPacks()).isPositive();
    assertThat(first.packsDeleted()).isZero();
    assertThat(first.waitingFor()).singleElement().asString().startsWith("unreadable lock cdcd");

    clock.advance(Duration.ofMinutes(20));
    assertThat(prune(store, clock).packsDeleted()).as("still live").isZero();

    clock.advance(Duration.ofMinutes(11));
    PruneResult later = prune(store, clock);
    assertThat(later.packsDeleted()).isEqualTo(first.unusedPacks());
    assertThat(later.staleLocks()).singleElement().asString().startsWith("unreadable lock cdcd");
    assertThat(store.list(BlobKind.PACK)).isEmpty();
    try (Repository repo = TestRepositories.open(store, clock)) {
      checksClean(repo, "after the unreadable lock went stale");
    }
  }

  private static PruneResult prune(InMemoryBlobStore store, ManualClock clock) {
    try (Repository repo = TestRepositories.open(store, clock)) {
      return new Prune(
              repo,
              new Locks(repo, LockOwner.thisProcess("box", "ops"), LockTiming.DEFAULT, p -> true))
          .run(PruneOptions.DEFAULT);
    }
  }
}
