package dev.holdfast.sast.posture;

import dev.holdfast.core.UsageError;
import dev.holdfast.sast.finding.Severity;
import java.util.Locale;
import java.util.Objects;

/**
 * What a clean version may not have: any open (not suppressed, not waived, not fixed) finding at or
 * above {@code threshold}. The default refuses critical and high findings.
 */
public record Gate(Severity threshold) {
  /** No open critical or high finding. */
  public static final Gate DEFAULT = new Gate(Severity.HIGH);

  public Gate {
    Objects.requireNonNull(threshold, "threshold");
  }

  /**
   * The gate named {@code critical}, {@code high}, {@code medium}, {@code low} or {@code info}
   * (refuses every finding, informational ones too).
   *
   * @throws UsageError for any other word
   */
  public static Gate parse(String word) {
    String w = word == null ? "" : word.trim().toLowerCase(Locale.ROOT);
    switch (w) {
      case "critical":
        return new Gate(Severity.CRITICAL);
      case "high":
        return new Gate(Severity.HIGH);
      case "medium":
        return new Gate(Severity.MEDIUM);
      case "low":
        return new Gate(Severity.LOW);
      case "info":
        return new Gate(Severity.NONE);
      default:
        throw new UsageError(
            "'" + word + "' is not a gate: give critical, high, medium, low or info");
    }
  }

  /** True when an open finding of severity {@code s} makes a version vulnerable. */
  public boolean refuses(Severity s) {
    return s.atLeast(threshold);
  }

  /** The gate's word, as {@link #parse} reads it. */
  public String word() {
    return threshold == Severity.NONE ? "info" : threshold.name().toLowerCase(Locale.ROOT);
  }
}
