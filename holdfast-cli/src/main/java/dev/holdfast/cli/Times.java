package dev.holdfast.cli;

import dev.holdfast.core.UsageError;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Parses the times users give (ISO-8601 with or without offset, or {@code YYYY-MM-DD HH:MM:SS}) and
 * formats the times JSON output carries (RFC 3339: always with seconds and an offset).
 */
public final class Times {
  private static final DateTimeFormatter SPACED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private Times() {}

  /**
   * {@code 2020-01-02T03:04:00Z}: unlike {@link OffsetDateTime#toString()}, never leaves out zero
   * seconds, which RFC 3339 parsers (Go, jq) reject.
   */
  public static String format(OffsetDateTime t) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
  }

  /** {@code t} in this machine's time zone, as {@link #format(OffsetDateTime)} writes it. */
  public static String format(Instant t) {
    return format(t.atZone(ZoneId.systemDefault()).toOffsetDateTime());
  }

  /** The time {@code text} names; times without an offset are in the local time zone. */
  public static OffsetDateTime parse(String text, String what) {
    try {
      return OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      // not with an offset: try local forms below
    }
    for (DateTimeFormatter f :
        new DateTimeFormatter[] {DateTimeFormatter.ISO_LOCAL_DATE_TIME, SPACED}) {
      try {
        LocalDateTime local = LocalDateTime.parse(text, f);
        return local.atZone(ZoneId.systemDefault()).toOffsetDateTime();
      } catch (DateTimeParseException e) {
        // try the next form
      }
    }
    throw new UsageError(
        what + ": '" + text + "' is not a time (ISO-8601 or 'YYYY-MM-DD HH:MM:SS')");
  }
}
