package dev.holdfast.core.testing;

import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.RetryListener;
import dev.holdfast.core.storage.RetryPolicy;
import dev.holdfast.core.storage.RetryingBlobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time that passes only when a test says so: a {@link Clock} and a {@link
 * RetryingBlobStore.Sleeper} that advances it instead of sleeping, so that retry tests wait minutes
 * in no time and give the same result on every run. Thread-safe.
 */
public final class VirtualTime implements RetryingBlobStore.Sleeper {
  private static final Instant START = Instant.parse("2026-11-25T08:00:00Z");

  private final AtomicLong nanos = new AtomicLong();
  private final List<Duration> sleeps = new ArrayList<>();

  /** A clock that reads this virtual time. */
  public Clock clock() {
    return new VirtualClock(ZoneOffset.UTC);
  }

  /**
   * {@code inner} behind the retry layer with its default budget, waiting in this virtual time and
   * drawing its jitter from {@code seed}: retries that never sleep.
   */
  public RetryingBlobStore retrying(BlobStore inner, long seed) {
    return new RetryingBlobStore(
        inner, RetryPolicy.CLOUD, RetryListener.NONE, clock(), this, new Random(seed));
  }

  /** Moves time on by {@code d}, as a slow request would. */
  public void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  /** Records the sleep and moves time on by it, without sleeping. */
  @Override
  public void sleep(Duration delay) {
    synchronized (sleeps) {
      sleeps.add(delay);
    }
    advance(delay);
  }

  /** Every sleep asked for so far, in order. */
  public List<Duration> sleeps() {
    synchronized (sleeps) {
      return List.copyOf(sleeps);
    }
  }

  /** How much virtual time has passed. */
  public Duration elapsed() {
    return Duration.ofNanos(nanos.get());
  }

  private final class VirtualClock extends Clock {
    private final ZoneId zone;

    VirtualClock(ZoneId zone) {
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return new VirtualClock(zone);
    }

    @Override
    public Instant instant() {
      return START.plusNanos(nanos.get());
    }
  }
}
