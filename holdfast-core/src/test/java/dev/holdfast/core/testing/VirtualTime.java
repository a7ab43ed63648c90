package dev.holdfast.core.testing;

import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.RetryListener;
import dev.holdfast.core.storage.RetryPolicy;
import dev.holdfast.core.storage.RetryingBlobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Waiting that takes no time: a {@link RetryingBlobStore.Sleeper} that moves a {@link ManualClock}
 * on instead of sleeping, so that retry tests wait minutes in no time and give the same result on
 * every run. Thread-safe.
 */
public final class VirtualTime implements RetryingBlobStore.Sleeper {
  private static final Instant START = Instant.parse("2026-11-25T08:00:00Z");

  private final ManualClock clock = new ManualClock(START);
  private final List<Duration> sleeps = new ArrayList<>();

  /** The clock that the sleeps move on. */
  public Clock clock() {
    return clock;
  }

  /**
   * {@code inner} behind the retry layer with its default budget, waiting in this virtual time and
   * drawing its jitter from {@code seed}: retries that never sleep.
   */
  public RetryingBlobStore retrying(BlobStore inner, long seed) {
    return new RetryingBlobStore(
        inner, RetryPolicy.CLOUD, RetryListener.NONE, clock, this, new Random(seed));
  }

  /** Moves time on by {@code d}, as a slow request would. */
  public void advance(Duration d) {
    synchronized (sleeps) {
      clock.advance(d);
    }
  }

  /** Records the sleep and moves time on by it, without sleeping. */
  @Override
  public void sleep(Duration delay) {
    synchronized (sleeps) {
      sleeps.add(delay);
      clock.advance(delay);
    }
  }

  /** Every sleep asked for so far, in order. */
  public List<Duration> sleeps() {
    synchronized (sleeps) {
      return List.copyOf(sleeps);
    }
  }

  /** How much virtual time has passed. */
  public Duration elapsed() {
    return Duration.between(START, clock.instant());
  }
}
