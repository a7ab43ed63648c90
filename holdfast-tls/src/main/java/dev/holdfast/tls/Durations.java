package dev.holdfast.tls;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one syntax of durations in TLS settings and options: a number with a unit ({@code 200ms},
 * {@code 30s}, {@code 10m}, {@code 8h}, {@code 30d}) or ISO-8601 ({@code PT8H}, {@code P30D}).
 */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|[smhd])");

  private Durations() {}

  /**
   * Parses {@code text}.
   *
   * @param what names the setting, for the message ("--lifetime")
   * @throws InvalidRequestException naming the setting and the text when it is not a duration
   */
  public static Duration parse(String text, String what) {
    String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    Matcher shortForm = SHORT.matcher(value);
    if (shortForm.matches()) {
      long amount = Long.parseLong(shortForm.group(1));
      switch (shortForm.group(2)) {
        case "ms":
          return Duration.ofMillis(amount);
        case "s":
          return Duration.ofSeconds(amount);
        case "m":
          return Duration.ofMinutes(amount);
        case "h":
          return Duration.ofHours(amount);
        default:
          return Duration.ofDays(amount);
      }
    }
    try {
      return Duration.parse(value.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(
          what + ": '" + text + "' is not a duration (e.g. 30d, 8h, 10m, or PT8H)");
    }
  }

  /** {@code duration} as people read it: "30d", "8h", "90m", "45s", or ISO-8601 when mixed. */
  public static String format(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds == 0 && duration.getNano() > 0 && duration.getNano() % 1_000_000 == 0) {
      return duration.toMillis() + "ms";
    }
    if (duration.getNano() == 0 && seconds > 0) {
      if (seconds % 86_400 == 0) {
        return seconds / 86_400 + "d";
      }
      if (seconds % 3_600 == 0) {
        return seconds / 3_600 + "h";
      }
      if (seconds % 60 == 0) {
        return seconds / 60 + "m";
      }
      return seconds + "s";
    }
    return duration.toString();
  }
}
