package dev.holdfast.core.lock;

import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.RepositoryLocked;
import dev.holdfast.core.crypto.AuthenticationFailed;
import dev.holdfast.core.crypto.ObjectSealer;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * Takes, lists and clears the locks of one repository (docs/DESIGN.md, "Locks"). Each lock is a
 * sealed object under {@code locks/}; a held lock is rewritten under a new name at every heartbeat
 * and the old object deleted, since blobs are immutable.
 */
public final class Locks {
  /** Largest lock object a reader accepts. */
  static final long MAX_LOCK_BYTES = 16 * 1024;

  private final Repository repo;
  private final BlobStore store;
  private final ObjectSealer sealer;
  private final SecureRandom random;
  private final Clock clock;
  private final LockTiming timing;
  private final LockOwner self;
  private final LongPredicate processAlive;

  /** Locks of {@code repo} with the default timing, taken and judged by {@code self}. */
  public Locks(Repository repo, LockOwner self) {
    this(repo, self, LockTiming.DEFAULT, Locks::isAlive);
  }

  /**
   * @param processAlive tells whether a process id where {@code self} runs is alive (tests replace
   *     it)
   */
  public Locks(Repository repo, LockOwner self, LockTiming timing, LongPredicate processAlive) {
    this.repo = repo;
    this.store = repo.store();
    this.sealer = repo.key().objectSealer();
    this.random = repo.random();
    this.clock = repo.clock();
    this.timing = timing;
    this.self = self;
    this.processAlive = processAlive;
  }

  /**
   * Takes a lock. A shared lock always succeeds; an exclusive one fails when another exclusive lock
   * is live (both may back off when two start at once; neither proceeds unsafely). Once the lock is
   * stored, the repository's in-memory index is dropped, so that everything this process
   * deduplicates against was read while the lock was visible to prune.
   *
   * @throws RepositoryLocked naming the holder of the conflicting lock
   */
  public RepositoryLock acquire(LockMode mode, String purpose) {
    byte[] id = new byte[16];
    random.nextBytes(id);
    Instant now = clock.instant();
    LockInfo info = new LockInfo(HexFormat.of().formatHex(id), mode, purpose, self, now, now);
    BlobName name = write(info);
    if (mode == LockMode.EXCLUSIVE) {
      for (ListedLock other : list()) {
        boolean conflicting =
            !other.stale()
                && !other.name().equals(name)
                && other.info().map(i -> i.mode() == LockMode.EXCLUSIVE).orElse(false);
        if (conflicting) {
          store.delete(name);
          throw new RepositoryLocked(
              "the repository is locked by "
                  + other.describe()
                  + "; if that process is gone, its lock turns stale "
                  + timing.staleAfter().toMinutes()
                  + " minutes after its last refresh, or remove it with 'holdfast unlock'");
        }
      }
    }
    repo.reloadIndexOnNextUse();
    return new RepositoryLock(this, name, info, now);
  }

  /** Every lock object, decoded where possible, with its staleness judged now. */
  public List<ListedLock> list() {
    List<ListedLock> locks = new ArrayList<>();
    Instant now = clock.instant();
    for (BlobInfo blob : store.list(BlobKind.LOCK)) {
      Optional<LockInfo> info;
      try {
        info = Optional.of(read(blob.name()));
      } catch (NoSuchBlob e) {
        continue; // released or refreshed since the listing
      } catch (IllegalArgumentException e) {
        info = Optional.empty();
      }
      locks.add(new ListedLock(blob.name(), info, blob.modified(), isStale(info, blob, now)));
    }
    return locks;
  }

  /** Deletes the stale locks; returns them. */
  public List<ListedLock> removeStale() {
    List<ListedLock> removed = new ArrayList<>();
    for (ListedLock lock : list()) {
      if (lock.stale()) {
        store.delete(lock.name());
        removed.add(lock);
      }
    }
    return removed;
  }

  /** Deletes every lock, live ones included (their holders will refuse to commit); returns them. */
  public List<ListedLock> removeAll() {
    List<ListedLock> removed = list();
    for (ListedLock lock : removed) {
      store.delete(lock.name());
    }
    return removed;
  }

  LockTiming timing() {
    return timing;
  }

  Clock clock() {
    return clock;
  }

  BlobStore store() {
    return store;
  }

  /**
   * Stores {@code info} under a fresh random name. A put whose answer was lost may have stored the
   * lock, and its retry then finds the name taken: when the stored bytes are ours (a sealed object
   * starts with a fresh random salt), that is our lock, not a collision; writing it again under
   * another name would leave the first behind, where it would block prune until it went stale.
   */
  BlobName write(LockInfo info) {
    while (true) {
      byte[] n = new byte[32];
      random.nextBytes(n);
      BlobName name = new BlobName(BlobKind.LOCK, HexFormat.of().formatHex(n));
      byte[] sealed = sealer.seal(name.path(), LockCodec.encode(info));
      if (store.putIfAbsent(name, sealed) || isStored(name, sealed)) {
        return name;
      }
    }
  }

  private boolean isStored(BlobName name, byte[] sealed) {
    try {
      return MessageDigest.isEqual(store.get(name, MAX_LOCK_BYTES), sealed);
    } catch (NoSuchBlob e) {
      return false;
    }
  }

  private LockInfo read(BlobName name) {
    try {
      return LockCodec.decode(sealer.open(name.path(), store.get(name, MAX_LOCK_BYTES)));
    } catch (AuthenticationFailed e) {
      throw new IllegalArgumentException("lock " + name.name() + " failed authentication");
    } catch (dev.holdfast.core.CorruptObject e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /**
   * Stale when its holder is known dead (same host, process gone) or when neither the holder's last
   * refresh time nor the storage's time of the object is within the stale time: a lock is only
   * given up when both clocks agree, so a skewed clock can delay but not hasten it.
   */
  private boolean isStale(Optional<LockInfo> info, BlobInfo blob, Instant now) {
    if (info.isPresent()
        && self.sharesProcessesWith(info.get().owner())
        && !processAlive.test(info.get().owner().pid())) {
      return true;
    }
    Duration stale = timing.staleAfter();
    boolean freshByHolder = info.map(i -> now.isBefore(i.refreshed().plus(stale))).orElse(false);
    boolean freshByStorage = blob.modified().map(t -> now.isBefore(t.plus(stale))).orElse(false);
    boolean unknownAge = info.isEmpty() && blob.modified().isEmpty();
    return !(freshByHolder || freshByStorage || unknownAge);
  }

  private static boolean isAlive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
