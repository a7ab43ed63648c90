package dev.holdfast.core.lock;

import java.time.Duration;

/**
 * How often a held lock is refreshed and after how long without a refresh it is stale. A holder
 * stops trusting its own lock a full refresh interval before others may call it stale, so the two
 * views never overlap (docs/DESIGN.md, "Locks").
 */
public record LockTiming(Duration refreshEvery, Duration staleAfter) {
  /** Refresh every 5 minutes; stale after 30 minutes without a refresh (as restic). */
  public static final LockTiming DEFAULT =
      new LockTiming(Duration.ofMinutes(5), Duration.ofMinutes(30));

  public LockTiming {
    if (refreshEvery.isNegative()
        || refreshEvery.isZero()
        || staleAfter.compareTo(refreshEvery.multipliedBy(3)) < 0) {
      throw new IllegalArgumentException(
          "a lock must be stale only after at least three refresh intervals");
    }
  }

  /** How long after its last refresh the holder itself stops trusting the lock. */
  public Duration trustedFor() {
    return staleAfter.minus(refreshEvery);
  }
}
