package dev.holdfast.operator.policy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock for operator tests: it runs at the speed of the system clock from a time the test
 * chooses, so that the operator's real timers (rescheduling) fire while the test decides which day
 * it is; or it stands still where the test froze it, when real seconds passing would make the
 * outcome depend on the machine's speed.
 */
final class OffsetClock extends Clock {
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
  private final AtomicReference<Instant> frozen = new AtomicReference<>();

  /** Sets the clock running so that it reads {@code instant} now. */
  void jumpTo(Instant instant) {
    frozen.set(null);
    offset.set(Duration.between(Instant.now(), instant));
  }

  /** Stops the clock at {@code instant}. */
  void freezeAt(Instant instant) {
    frozen.set(instant);
  }

  /** Moves the clock forward by {@code amount}, running or frozen. */
  void advance(Duration amount) {
    offset.updateAndGet(o -> o.plus(amount));
    frozen.updateAndGet(t -> t == null ? null : t.plus(amount));
  }

  @Override
  public Instant instant() {
    Instant stopped = frozen.get();
    return stopped != null ? stopped : Instant.now().plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("this clock stays in UTC");
  }
}
