package dev.holdfast.core.lock;

import dev.holdfast.core.HoldfastException;
import dev.holdfast.core.RepositoryLocked;
import dev.holdfast.core.concurrent.DaemonThreads;
import dev.holdfast.core.storage.BlobName;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A lock this process holds. A daemon thread refreshes it every {@link LockTiming#refreshEvery()};
 * before committing anything that relies on the lock (a snapshot, a deletion), the holder calls
 * {@link #checkHeld()}, which refuses once the lock may have looked stale to another process.
 * Closing releases it. Thread-safe.
 */
public final class RepositoryLock implements AutoCloseable {
  private final Locks locks;
  private final ScheduledExecutorService heartbeat;
  private BlobName name;
  private LockInfo info;
  private Instant lastRefresh;
  private String lostBecause;
  private boolean closed;

  RepositoryLock(Locks locks, BlobName name, LockInfo info, Instant taken) {
    this.locks = locks;
    this.name = name;
    this.info = info;
    this.lastRefresh = taken;
    long every = locks.timing().refreshEvery().toMillis();
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("holdfast-lock-heartbeat"));
    heartbeat.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  /** The lock's stable id (the same across refreshes). */
  public String id() {
    return info.id();
  }

  /** What the lock says now. */
  public synchronized LockInfo info() {
    return info;
  }

  /**
   * Rewrites the lock with the current time. A refresh that comes after the lock may already have
   * looked stale (the process was suspended, or storage was unreachable for long) does not revive
   * it: the lock is lost for good, since a prune may have acted on its staleness meanwhile.
   */
  public synchronized void refresh() {
    if (closed || lostBecause != null) {
      return;
    }
    Instant now = locks.clock().instant();
    Duration since = Duration.between(lastRefresh, now);
    if (since.compareTo(locks.timing().trustedFor()) > 0) {
      lostBecause = "it was not refreshed for " + minutes(since) + " (suspended or cut off)";
      return;
    }
    if (locks.store().stat(name).isEmpty()) {
      lostBecause = "it was removed (by 'holdfast unlock --remove-all'?)";
      return;
    }
    LockInfo refreshed = info.refreshedAt(now);
    BlobName newName = locks.write(refreshed);
    locks.store().delete(name);
    name = newName;
    info = refreshed;
    lastRefresh = now;
  }

  /**
   * Fails unless the lock is still trustworthy: refreshed recently enough that no other process can
   * have judged it stale, and not removed.
   *
   * @throws RepositoryLocked saying why the lock was lost; nothing relying on it may be committed
   */
  public synchronized void checkHeld() {
    if (lostBecause == null) {
      Duration since = Duration.between(lastRefresh, locks.clock().instant());
      if (since.compareTo(locks.timing().trustedFor()) > 0) {
        lostBecause = "it was not refreshed for " + minutes(since) + " (suspended or cut off)";
      } else if (locks.store().stat(name).isEmpty()) {
        lostBecause = "it was removed (by 'holdfast unlock --remove-all'?)";
      }
    }
    if (lostBecause != null) {
      throw new RepositoryLocked(
          "lost the repository lock for "
              + info.purpose()
              + ": "
              + lostBecause
              + "; nothing was committed, since a concurrent prune may have removed data this"
              + " process relies on. Run it again.");
    }
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      // Storage trouble: the next heartbeat tries again; checkHeld() refuses if they all fail.
    }
  }

  private static String minutes(Duration d) {
    return d.toMinutes() + " min";
  }

  /** Stops the heartbeat and deletes the lock. */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    BlobName toDelete;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toDelete = name;
    }
    // A job given up by interrupting its thread still releases its lock: storage clients refuse
    // to start a request on an interrupted thread (the AWS SDK throws AbortedException), and a
    // retry's wait ends at once. The interrupt is kept for the caller.
    boolean interrupted = Thread.interrupted();
    try {
      locks.store().delete(toDelete);
    } catch (HoldfastException e) {
      // Storage trouble at the very end must not fail the work the lock protected: a lock left
      // behind stops being refreshed and turns stale by itself.
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
