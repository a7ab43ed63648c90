package dev.holdfast.operator.schedule;

import dev.holdfast.core.UsageError;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/**
 * When something recurring is due, as a BackupPolicy's {@code schedule} says: a five-field Unix
 * cron expression, {@code @hourly}, {@code @daily} or {@code @weekly}, or a spread form ({@code
 * @hourly-random}, {@code @daily-random}, {@code @weekly-random}) that gives each key (a claim) its
 * own fixed moment in the period. Moments are computed, never remembered, so a restarted operator
 * sees the same ones. Immutable and thread-safe.
 */
public sealed interface Schedule permits CronSchedule, SpreadSchedule {
  /** The expression as the user wrote it. */
  String expression();

  /** The time zone whose wall clock the expression is read on. */
  ZoneId zone();

  /** Whether each key gets its own moment (the spread forms); otherwise every key shares them. */
  boolean spreads();

  /** The latest moment at or before {@code now} at which {@code key} is due, if any. */
  Optional<Instant> latest(Instant now, String key);

  /** The earliest moment after {@code now} at which {@code key} is due, if any. */
  Optional<Instant> next(Instant now, String key);

  /**
   * The schedule {@code expression} means in {@code zone}.
   *
   * @param field the field the expression came from, for error messages ({@code spec.schedule})
   * @throws UsageError naming {@code field} and what is wrong with the expression
   */
  static Schedule parse(String expression, ZoneId zone, String field) {
    if (expression == null || expression.isBlank()) {
      throw new UsageError(field + ": a schedule is required");
    }
    String text = expression.strip();
    if (text.startsWith("@")) {
      String word = text.toLowerCase(Locale.ROOT);
      for (SpreadSchedule.Period period : SpreadSchedule.Period.values()) {
        if (word.equals("@" + period.word() + "-random")) {
          return new SpreadSchedule(text, period, zone);
        }
        if (word.equals("@" + period.word())) {
          return CronSchedule.parse(text, period.cron(), zone, field);
        }
      }
      throw new UsageError(
          field
              + ": '"
              + text
              + "' is not a schedule: give @hourly, @daily, @weekly, their spread forms"
              + " @hourly-random, @daily-random, @weekly-random, or five cron fields");
    }
    return CronSchedule.parse(text, text, zone, field);
  }

  /**
   * The IANA time zone {@code name} ({@code Europe/Berlin}), UTC when absent.
   *
   * @param field the field the name came from, for error messages ({@code spec.timeZone})
   * @throws UsageError naming {@code field} when no such zone is known
   */
  static ZoneId zone(String name, String field) {
    if (name == null || name.isBlank()) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(name.strip());
    } catch (DateTimeException e) {
      throw new UsageError(
          field + ": '" + name + "' is not a time zone; give an IANA name such as Europe/Berlin");
    }
  }
}
