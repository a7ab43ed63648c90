package dev.holdfast.cli;

import dev.holdfast.core.UsageError;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Parses the times users give: ISO-8601 with or without offset, or {@code YYYY-MM-DD HH:MM:SS}. */
public final class Times {
  private static final DateTimeFormatter SPACED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private Times() {}

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
