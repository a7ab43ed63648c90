package dev.holdfast.operator.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Wall-clock times of a time zone turned into moments, the way {@link ZonedDateTime#of} resolves
 * them: a time that does not exist (the clock springs forward over it) happens the length of the
 * gap later, 02:30 becoming 03:30; a time that happens twice (the clock falls back) happens once,
 * at its first occurrence. So a daily 02:30 runs exactly once on every day of the year.
 */
final class WallClock {
  /** How far around a moment offset changes are looked for. */
  private static final Duration NEAR = Duration.ofDays(2);

  private WallClock() {}

  /** The moment wall time {@code local} of {@code zone} names. */
  static Instant instant(LocalDateTime local, ZoneId zone) {
    return ZonedDateTime.ofLocal(local, zone, null).toInstant();
  }

  /** The wall time of {@code zone} at {@code instant}. */
  static LocalDateTime local(Instant instant, ZoneId zone) {
    return LocalDateTime.ofInstant(instant, zone);
  }

  /**
   * How far the order of wall times and the order of moments can disagree near {@code instant}: the
   * sum of the offset changes of {@code zone} within two days of it (zero in UTC, one hour around a
   * daylight-saving change).
   */
  static Duration skewNear(Instant instant, ZoneId zone) {
    ZoneRules rules = zone.getRules();
    if (rules.isFixedOffset()) {
      return Duration.ZERO;
    }
    Duration skew = Duration.ZERO;
    Instant end = instant.plus(NEAR);
    ZoneOffsetTransition t = rules.nextTransition(instant.minus(NEAR));
    while (t != null && t.getInstant().isBefore(end)) {
      skew = skew.plus(t.getDuration().abs());
      t = rules.nextTransition(t.getInstant());
    }
    return skew;
  }
}
