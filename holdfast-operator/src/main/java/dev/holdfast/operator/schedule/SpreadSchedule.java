package dev.holdfast.operator.schedule;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A spread form ({@code @hourly-random}, {@code @daily-random}, {@code @weekly-random}): each key
 * is due once per period at its own moment, the key's offset into the period. The offset is derived
 * from SHA-256 of the key, so it is the same in every process and after every restart, and a
 * thousand keys land evenly over the period instead of all at its start. Days and weeks are read on
 * the zone's wall clock ({@link WallClock}); an hour is an hour in every zone, so hourly moments
 * ignore it and never skip or repeat an hour when the clock changes.
 */
public final class SpreadSchedule implements Schedule {
  /** The period a spread form repeats with. */
  public enum Period {
    /** Once an hour. */
    HOURLY("hourly", "0 * * * *", Duration.ofHours(1)),
    /** Once a day. */
    DAILY("daily", "0 0 * * *", Duration.ofDays(1)),
    /** Once a week, weeks starting on Monday. */
    WEEKLY("weekly", "0 0 * * 0", Duration.ofDays(7));

    private final String word;
    private final String cron;
    private final Duration length;

    Period(String word, String cron, Duration length) {
      this.word = word;
      this.cron = cron;
      this.length = length;
    }

    /** The word after {@code @}: {@code hourly}, {@code daily}, {@code weekly}. */
    public String word() {
      return word;
    }

    /** The cron expression {@code @word} (without {@code -random}) stands for. */
    String cron() {
      return cron;
    }

    /** How long the period is (on the wall clock for days and weeks). */
    public Duration length() {
      return length;
    }
  }

  private final String expression;
  private final Period period;
  private final ZoneId zone;

  SpreadSchedule(String expression, Period period, ZoneId zone) {
    this.expression = expression;
    this.period = period;
    this.zone = zone;
  }

  /**
   * The offset of {@code key}'s moment into a period of {@code period}, in whole seconds: the first
   * eight bytes of SHA-256 of the key as an unsigned number, modulo the period's seconds. Changing
   * this would move every claim's moment after an upgrade, so a test pins it.
   */
  public static Duration offsetOf(String key, Period period) {
    byte[] digest = sha256(key.getBytes(StandardCharsets.UTF_8));
    long hash = ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
    return Duration.ofSeconds(Long.remainderUnsigned(hash, period.length().toSeconds()));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The period. */
  public Period period() {
    return period;
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
    return true;
  }

  @Override
  public Optional<Instant> latest(Instant now, String key) {
    return candidates(now, key).stream()
        .filter(t -> !t.isAfter(now))
        .max(Comparator.naturalOrder());
  }

  @Override
  public Optional<Instant> next(Instant now, String key) {
    return candidates(now, key).stream().filter(t -> t.isAfter(now)).min(Comparator.naturalOrder());
  }

  /**
   * The key's moments in the periods around {@code now}: the one containing it and those on either
   * side, which are enough, since a moment moves by less than a period when the clock changes.
   */
  private List<Instant> candidates(Instant now, String key) {
    Duration offset = offsetOf(key, period);
    List<Instant> result = new ArrayList<>(4);
    if (period == Period.HOURLY) {
      long hour = Math.floorDiv(now.getEpochSecond(), 3600L) * 3600L;
      for (long h = -1; h <= 1; h++) {
        result.add(Instant.ofEpochSecond(hour + h * 3600L).plus(offset));
      }
      return result;
    }
    LocalDate today = WallClock.local(now, zone).toLocalDate();
    LocalTime time = LocalTime.ofSecondOfDay(offset.toSeconds() % 86_400L);
    if (period == Period.DAILY) {
      for (long d = -1; d <= 2; d++) {
        result.add(WallClock.instant(LocalDateTime.of(today.plusDays(d), time), zone));
      }
      return result;
    }
    DayOfWeek day = DayOfWeek.MONDAY.plus(offset.toDays());
    LocalDate thisWeek = today.with(TemporalAdjusters.previousOrSame(day));
    for (long w = -1; w <= 2; w++) {
      result.add(WallClock.instant(LocalDateTime.of(thisWeek.plusWeeks(w), time), zone));
    }
    return result;
  }

  @Override
  public String toString() {
    return expression + " (" + zone + ")";
  }
}
