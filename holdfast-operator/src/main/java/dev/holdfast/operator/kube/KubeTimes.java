package dev.holdfast.operator.kube;

import dev.holdfast.core.UsageError;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Times and durations as Holdfast's resources write them: RFC 3339 in UTC, and {@code
 * 30s/15m/24h/7d}.
 */
public final class KubeTimes {
  private KubeTimes() {}

  /** {@code instant} as RFC 3339 in UTC to the second, as Kubernetes writes times. */
  public static String format(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /** An RFC 3339 time written by {@link #format}, or empty when absent or unreadable. */
  public static Optional<Instant> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * A duration such as {@code 30s}, {@code 15m}, {@code 24h} or {@code 7d}, or {@code fallback}
   * when {@code text} is absent.
   *
   * @throws UsageError naming {@code field} when the text is not such a duration
   */
  public static Duration duration(String text, Duration fallback, String field) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    int last = text.length() - 1;
    char unit = text.charAt(last);
    long amount;
    try {
      amount = Long.parseLong(text.substring(0, last));
    } catch (NumberFormatException e) {
      throw new UsageError(field + ": '" + text + "' is not a duration such as 30s, 15m, 24h, 7d");
    }
    if (amount <= 0) {
      throw new UsageError(field + ": '" + text + "' must be positive");
    }
    switch (unit) {
      case 's':
        return Duration.ofSeconds(amount);
      case 'm':
        return Duration.ofMinutes(amount);
      case 'h':
        return Duration.ofHours(amount);
      case 'd':
        return Duration.ofDays(amount);
      default:
        throw new UsageError(
            field + ": '" + text + "' is not a duration such as 30s, 15m, 24h, 7d");
    }
  }

  /**
   * {@code duration} as {@link #duration} reads it: {@code 30s}, {@code 15m}, {@code 24h}, {@code
   * 7d}.
   */
  public static String formatDuration(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds > 0 && seconds % 86_400 == 0) {
      return seconds / 86_400 + "d";
    }
    if (seconds > 0 && seconds % 3_600 == 0) {
      return seconds / 3_600 + "h";
    }
    if (seconds > 0 && seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }
}
