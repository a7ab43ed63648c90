package dev.holdfast.core.retention;

import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;

/**
 * The calendar periods restic's counted rules keep one snapshot of: each snapshot falls into one
 * bucket per period, named by a number (an hour is {@code YYYYMMDDHH}, an ISO week {@code YYYYWW}
 * with the ISO week-based year), and a rule keeps the newest snapshot of each bucket it reaches.
 * {@link #LAST} puts every snapshot in a bucket of its own.
 */
public enum Bucket {
  LAST("last"),
  HOURLY("hourly"),
  DAILY("daily"),
  WEEKLY("weekly"),
  MONTHLY("monthly"),
  YEARLY("yearly");

  private final String word;

  Bucket(String word) {
    this.word = word;
  }

  /** The word restic's reasons use: {@code daily} in "daily snapshot". */
  public String word() {
    return word;
  }

  /**
   * The bucket of a snapshot taken at local time {@code t}, at {@code position} in its group
   * (newest first).
   */
  long of(ZonedDateTime t, int position) {
    long year = t.getYear();
    switch (this) {
      case LAST:
        return position;
      case HOURLY:
        return year * 1_000_000
            + t.getMonthValue() * 10_000L
            + t.getDayOfMonth() * 100L
            + t.getHour();
      case DAILY:
        return year * 10_000 + t.getMonthValue() * 100L + t.getDayOfMonth();
      case WEEKLY:
        return t.get(IsoFields.WEEK_BASED_YEAR) * 100L + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
      case MONTHLY:
        return year * 100 + t.getMonthValue();
      case YEARLY:
        return year;
      default:
        throw new IllegalStateException("unknown bucket " + this);
    }
  }
}
