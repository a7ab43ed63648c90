package dev.holdfast.core.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.RepositoryLocked;
import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.ForwardingBlobStore;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import dev.holdfast.core.testing.FaultyStore;
import dev.holdfast.core.testing.FaultyStore.Request;
import dev.holdfast.core.testing.ManualClock;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.core.testing.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocksTest {
  private static final LockTiming TIMING =
      new LockTiming(Duration.ofMinutes(5), Duration.ofMinutes(30));

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T09:00:00Z"));
  private InMemoryBlobStore store;
  private Repository repo;

  @BeforeEach
  void open() {
    // The storage stamps blobs with the same manual clock, so both views of a lock's age move.
    store = new InMemoryBlobStore(clock);
    TestRepositories.init(store, clock).close();
    repo = TestRepositories.open(store, clock);
  }

  private Locks locksOf(String host, long pid, boolean alive) {
    return new Locks(repo, new LockOwner(host, "tester", pid, "pid:[1]"), TIMING, p -> alive);
  }

  @Test
  void aLockIsListedWithItsHolderAndReleasedOnClose() {
    Locks locks = locksOf("db1", 42, true);
    try (RepositoryLock lock = locks.acquire(LockMode.SHARED, "backup")) {
      assertThat(locks.list())
          .singleElement()
          .satisfies(
              l -> {
                assertThat(l.stale()).isFalse();
                assertThat(l.id()).contains(lock.id());
                assertThat(l.describe())
                    .isEqualTo("backup by tester on host db1 (pid 42), since 2026-11-25T09:00:00Z");
              });
    }
    assertThat(store.list(BlobKind.LOCK)).isEmpty();
  }

  @Test
  void aLockClosedOnAnInterruptedThreadIsStillReleasedAndTheInterruptKept() {
    // Like the AWS SDK, this store refuses to start a request on an interrupted thread.
    BlobStore refusesWhenInterrupted =
        new ForwardingBlobStore(store) {
          @Override
          public void delete(BlobName name) {
            if (Thread.currentThread().isInterrupted()) {
              throw new StorageUnavailable("the thread was interrupted", false, null);
            }
            super.delete(name);
          }
        };
    Repository interruptible = TestRepositories.open(refusesWhenInterrupted, clock);
    Locks locks =
        new Locks(interruptible, new LockOwner("db1", "tester", 42, "pid:[1]"), TIMING, p -> true);
    RepositoryLock lock = locks.acquire(LockMode.SHARED, "backup");
    try {
      Thread.currentThread().interrupt(); // the job was cancelled
      lock.close();
      assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(store.list(BlobKind.LOCK)).as("the lock was released").isEmpty();
  }

  @Test
  void anExclusiveLockWhosePutLostItsAnswerIsTakenOnceAndLeavesNothingBehind() {
    FaultyStore faulty = new FaultyStore(store, 1).loseAnswerOfNextPut(BlobKind.LOCK);
    Repository retrying = TestRepositories.open(new VirtualTime().retrying(faulty, 1), clock);
    Locks locks =
        new Locks(retrying, new LockOwner("db1", "tester", 42, "pid:[1]"), TIMING, p -> true);

    try (RepositoryLock lock = locks.acquire(LockMode.EXCLUSIVE, "prune")) {
      assertThat(faulty.injected(Request.PUT)).as("the answer was lost").isEqualTo(1);
      assertThat(store.list(BlobKind.LOCK)).as("one lock, not an orphan beside it").hasSize(1);
    }
    assertThat(store.list(BlobKind.LOCK)).isEmpty();
  }

  @Test
  void aLockNotRefreshedForTheStaleTimeIsStaleAndUnlockRemovesIt() {
    Locks crashed = locksOf("db1", 42, true);
    crashed.acquire(LockMode.SHARED, "backup"); // never closed: its process "died"
    Locks observer = locksOf("db2", 7, true);

    clock.advance(Duration.ofMinutes(29));
    assertThat(observer.list()).singleElement().matches(l -> !l.stale());
    assertThat(observer.removeStale()).isEmpty();

    clock.advance(Duration.ofMinutes(2));
    assertThat(observer.list()).singleElement().matches(ListedLock::stale);
    assertThat(observer.removeStale()).hasSize(1);
    assertThat(store.list(BlobKind.LOCK)).isEmpty();
  }

  @Test
  void aRefreshedLockStaysFresh() {
    Locks locks = locksOf("db1", 42, true);
    try (RepositoryLock lock = locks.acquire(LockMode.SHARED, "backup")) {
      for (int i = 0; i < 12; i++) {
        clock.advance(Duration.ofMinutes(5));
        lock.refresh();
      }
      assertThat(locksOf("db2", 7, true).list()).singleElement().matches(l -> !l.stale());
      assertThat(store.list(BlobKind.LOCK)).as("one object per lock").hasSize(1);
      lock.checkHeld();
    }
  }

  @Test
  void aLockOfADeadProcessOnThisHostIsStaleAtOnce() {
    locksOf("db1", 42, true).acquire(LockMode.SHARED, "backup");
    assertThat(locksOf("db1", 43, false).list()).singleElement().matches(ListedLock::stale);
    assertThat(locksOf("db2", 43, false).list())
        .as("another host cannot look up the process")
        .singleElement()
        .matches(l -> !l.stale());
  }

  @Test
  void containersSharingAHostNameButNotProcessesDoNotJudgeEachOthersPids() {
    new Locks(repo, new LockOwner("node1", "a", 42, "pid:[1]"), TIMING, p -> true)
        .acquire(LockMode.SHARED, "backup");
    Locks otherNamespace =
        new Locks(repo, new LockOwner("node1", "b", 7, "pid:[2]"), TIMING, p -> false);
    assertThat(otherNamespace.list()).singleElement().matches(l -> !l.stale());
  }

  @Test
  void aHolderStopsTrustingItsLockBeforeOthersMayCallItStale() {
    try (RepositoryLock lock = locksOf("db1", 42, true).acquire(LockMode.SHARED, "backup")) {
      clock.advance(Duration.ofMinutes(24));
      lock.checkHeld();
      clock.advance(Duration.ofMinutes(2));
      assertThatThrownBy(lock::checkHeld)
          .isInstanceOf(RepositoryLocked.class)
          .hasMessageContaining("lost the repository lock for backup")
          .hasMessageContaining("not refreshed for 26 min")
          .hasMessageContaining("nothing was committed");
      // A late refresh does not revive it: a prune may have acted on its staleness meanwhile.
      lock.refresh();
      assertThatThrownBy(lock::checkHeld).isInstanceOf(RepositoryLocked.class);
    }
  }

  @Test
  void aLockRemovedByUnlockIsLost() {
    try (RepositoryLock lock = locksOf("db1", 42, true).acquire(LockMode.SHARED, "backup")) {
      assertThat(locksOf("db2", 7, true).removeAll()).hasSize(1);
      assertThatThrownBy(lock::checkHeld)
          .isInstanceOf(RepositoryLocked.class)
          .hasMessageContaining("removed");
    }
  }

  @Test
  void exclusiveLocksExcludeEachOtherButNotSharedOnes() {
    Locks a = locksOf("db1", 42, true);
    Locks b = locksOf("db2", 7, true);
    try (RepositoryLock backup = a.acquire(LockMode.SHARED, "backup");
        RepositoryLock prune = b.acquire(LockMode.EXCLUSIVE, "prune")) {
      assertThatThrownBy(() -> a.acquire(LockMode.EXCLUSIVE, "prune"))
          .isInstanceOf(RepositoryLocked.class)
          .hasMessageContaining("prune by tester on host db2 (pid 7)");
      try (RepositoryLock another = a.acquire(LockMode.SHARED, "backup")) {
        assertThat(b.list()).hasSize(3);
      }
    }
  }

  @Test
  void aStaleExclusiveLockDoesNotBlockTheNextPrune() {
    locksOf("db1", 42, true).acquire(LockMode.EXCLUSIVE, "prune");
    clock.advance(Duration.ofMinutes(31));
    try (RepositoryLock lock = locksOf("db2", 7, true).acquire(LockMode.EXCLUSIVE, "prune")) {
      assertThat(lock.info().mode()).isEqualTo(LockMode.EXCLUSIVE);
    }
  }

  @Test
  void aDamagedLockIsListedAndJudgedByItsStorageTime() {
    store.putIfAbsent(
        new dev.holdfast.core.storage.BlobName(BlobKind.LOCK, "ab".repeat(32)), new byte[40]);
    Locks locks = locksOf("db1", 42, true);
    assertThat(locks.list())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.info()).isEmpty();
              assertThat(l.stale()).isFalse();
              assertThat(l.describe()).startsWith("unreadable lock abab");
            });
    clock.advance(Duration.ofMinutes(31));
    assertThat(locks.list()).singleElement().matches(ListedLock::stale);
  }
}
