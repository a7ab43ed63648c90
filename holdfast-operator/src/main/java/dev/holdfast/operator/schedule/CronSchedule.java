package dev.holdfast.operator.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.holdfast.core.UsageError;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A five-field Unix cron expression (minute hour day-of-month month day-of-week, with Unix cron's
 * rule that a restricted day-of-month and day-of-week match either), parsed by cron-utils and
 * matched against the wall clock of a time zone ({@link WallClock}). Every key is due at the same
 * moments.
 */
public final class CronSchedule implements Schedule {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  /** A bound on the steps of one search, far above what any expression needs. */
  private static final int MAX_STEPS = 100_000;

  /** Where "does it ever run" is asked from. */
  private static final ZonedDateTime PROBE =
      ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  private final String expression;
  private final ZoneId zone;
  private final ExecutionTime times;

  private CronSchedule(String expression, ZoneId zone, ExecutionTime times) {
    this.expression = expression;
    this.zone = zone;
    this.times = times;
  }

  /**
   * Parses {@code cron}, which {@code expression} (what the user wrote) stands for.
   *
   * @throws UsageError naming {@code field} when it is not five valid cron fields, or never runs
   */
  static CronSchedule parse(String expression, String cron, ZoneId zone, String field) {
    Cron parsed;
    try {
      parsed = PARSER.parse(cron).validate();
    } catch (IllegalArgumentException e) {
      throw new UsageError(
          field
              + ": '"
              + expression
              + "' is not a schedule: "
              + problem(e)
              + "; give five cron fields (minute hour day-of-month month day-of-week), @hourly,"
              + " @daily, @weekly or @hourly-random, @daily-random, @weekly-random");
    }
    ExecutionTime times = ExecutionTime.forCron(parsed);
    // Local times are computed in UTC, where every wall time exists once, then placed in the zone.
    if (times.nextExecution(PROBE).isEmpty()) {
      throw new UsageError(field + ": '" + expression + "' never runs (no date matches it)");
    }
    return new CronSchedule(expression, zone, times);
  }

  private static String problem(IllegalArgumentException e) {
    String message = e.getMessage() == null ? "cannot be parsed" : e.getMessage();
    return message.replace("Failed to parse cron expression. ", "").strip();
  }

  @Override
  public String expression() {
    return expression;
  }

  @Override
  public ZoneId zone() {
    return zone;
  }

  @Override
  public boolean spreads() {
    return false;
  }

  @Override
  public Optional<Instant> latest(Instant now, String key) {
    LocalDateTime localNow = WallClock.local(now, zone);
    Duration skew = WallClock.skewNear(now, zone);
    LocalDateTime stopBelow = localNow.minus(skew);
    // lastExecution is strictly before its argument: start one second after the last candidate.
    ZonedDateTime cursor = localNow.plus(skew).plusSeconds(1).atZone(ZoneOffset.UTC);
    Instant best = null;
    for (int step = 0; step < MAX_STEPS; step++) {
      Optional<ZonedDateTime> previous = times.lastExecution(cursor);
      if (previous.isEmpty()) {
        break;
      }
      LocalDateTime local = previous.get().toLocalDateTime();
      Instant at = WallClock.instant(local, zone);
      if (!at.isAfter(now) && (best == null || at.isAfter(best))) {
        best = at;
      }
      if (best != null && local.isBefore(stopBelow)) {
        break;
      }
      cursor = previous.get();
    }
    return Optional.ofNullable(best);
  }

  @Override
  public Optional<Instant> next(Instant now, String key) {
    LocalDateTime localNow = WallClock.local(now, zone);
    Duration skew = WallClock.skewNear(now, zone);
    LocalDateTime stopAbove = localNow.plus(skew);
    ZonedDateTime cursor = localNow.minus(skew).minusSeconds(1).atZone(ZoneOffset.UTC);
    Instant best = null;
    for (int step = 0; step < MAX_STEPS; step++) {
      Optional<ZonedDateTime> following = times.nextExecution(cursor);
      if (following.isEmpty()) {
        break;
      }
      LocalDateTime local = following.get().toLocalDateTime();
      Instant at = WallClock.instant(local, zone);
      if (at.isAfter(now) && (best == null || at.isBefore(best))) {
        best = at;
      }
      if (best != null && local.isAfter(stopAbove)) {
        break;
      }
      cursor = following.get();
    }
    return Optional.ofNullable(best);
  }

  @Override
  public String toString() {
    return expression + " (" + zone + ")";
  }
}
