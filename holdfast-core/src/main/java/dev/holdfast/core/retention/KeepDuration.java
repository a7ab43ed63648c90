package dev.holdfast.core.retention;

import dev.holdfast.core.UsageError;
import java.time.Instant;
import java.time.ZonedDateTime;

/**
 * A calendar duration in restic's form {@code 1y2m3d4h}: years, months, days and hours, measured
 * back on the calendar from a snapshot's time (one month before March 31 is March 3, as Go counts).
 * The zero duration turns a keep-within rule off.
 */
public record KeepDuration(int years, int months, int days, int hours) {
  /** The zero duration: the rule it belongs to is off. */
  public static final KeepDuration NONE = new KeepDuration(0, 0, 0, 0);

  /** Largest value of one field; larger ones are refused rather than overflowing. */
  static final int MAX_FIELD = 1_000_000;

  public KeepDuration {
    for (int v : new int[] {years, months, days, hours}) {
      if (v < 0 || v > MAX_FIELD) {
        throw new IllegalArgumentException(
            "duration fields must be between 0 and " + MAX_FIELD + ": " + v);
      }
    }
  }

  /**
   * Parses restic's form: numbers each followed by a unit {@code y}, {@code m} (months), {@code d}
   * or {@code h}, e.g. {@code 7d}, {@code 1y6m}, {@code 36h}; a unit given twice takes the last
   * value, as restic does.
   *
   * @param what names the option in the error message, e.g. {@code --keep-within}
   * @throws UsageError naming the option and what is wrong
   */
  public static KeepDuration parse(String text, String what) {
    String s = text == null ? "" : text.strip();
    if (s.isEmpty()) {
      throw new UsageError(what + ": a duration is needed, e.g. 7d, 1y6m or 36h");
    }
    int[] fields = new int[4];
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i == start) {
        throw invalid(text, what, "a number must come before each unit");
      }
      if (i == s.length()) {
        throw invalid(text, what, "no unit after " + s.substring(start));
      }
      long value = i - start > 7 ? Long.MAX_VALUE : Long.parseLong(s.substring(start, i));
      if (value > MAX_FIELD) {
        throw invalid(text, what, s.substring(start, i) + " is too large");
      }
      int field = "ymdh".indexOf(s.charAt(i));
      if (field < 0) {
        throw invalid(text, what, "unknown unit '" + s.charAt(i) + "' (use y, m, d or h)");
      }
      fields[field] = (int) value;
      i++;
    }
    return new KeepDuration(fields[0], fields[1], fields[2], fields[3]);
  }

  private static UsageError invalid(String text, String what, String why) {
    return new UsageError(
        what
            + ": '"
            + text
            + "' is not a duration like 1y2m3d4h (years, months, days, hours): "
            + why);
  }

  /** True for the zero duration, which turns its rule off. */
  public boolean isZero() {
    return years == 0 && months == 0 && days == 0 && hours == 0;
  }

  /**
   * The instant this duration before {@code latest}, as restic computes it: years, months and days
   * back on {@code latest}'s calendar, then hours as elapsed time.
   */
  public Instant before(ZonedDateTime latest) {
    return GoCalendar.addDate(latest, -years, -months, -days).minusSeconds(3600L * hours);
  }

  /** restic's form, units with value zero left out: {@code 1y2m}, {@code 7d}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    append(b, years, 'y');
    append(b, months, 'm');
    append(b, days, 'd');
    append(b, hours, 'h');
    return b.toString();
  }

  private static void append(StringBuilder b, int value, char unit) {
    if (value != 0) {
      b.append(value).append(unit);
    }
  }
}
