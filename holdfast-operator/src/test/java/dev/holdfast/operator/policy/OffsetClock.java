package dev.holdfast.operator.policy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that runs at the speed of the system clock from a time a test chooses, so that the
 * operator's real timers (rescheduling) fire while the test decides which day it is.
 */
final class OffsetClock extends Clock {
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  /** Sets the clock so that it reads {@code instant} now. */
  void jumpTo(Instant instant) {
    offset.set(Duration.between(Instant.now(), instant));
  }

  /** Moves the clock forward by {@code amount}. */
  void advance(Duration amount) {
    offset.updateAndGet(o -> o.plus(amount));
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset.get());
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
