package dev.holdfast.sast.finding;

import java.util.Locale;
import java.util.Objects;

/**
 * How a SARIF result gets its {@link Severity}: a rule's numeric {@code security-severity} wins
 * (mapped with the CVSS bands GitHub code scanning uses); otherwise the result's {@code level} is
 * mapped with this policy's table, which is what a user can configure.
 *
 * @param error severity of {@code level: error}
 * @param warning severity of {@code level: warning} (also SARIF's default when no level is given)
 * @param note severity of {@code level: note}
 * @param none severity of {@code level: none}
 */
public record SeverityPolicy(Severity error, Severity warning, Severity note, Severity none) {

  public SeverityPolicy {
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(warning, "warning");
    Objects.requireNonNull(note, "note");
    Objects.requireNonNull(none, "none");
  }

  /** GitHub code scanning's table: error → high, warning → medium, note → low, none → none. */
  public static SeverityPolicy github() {
    return new SeverityPolicy(Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.NONE);
  }

  /**
   * GitHub's table with the levels named in {@code spec} changed: a comma-separated list of {@code
   * LEVEL=SEVERITY}, levels {@code error}, {@code warning}, {@code note}, {@code none}, severities
   * {@code critical}, {@code high}, {@code medium}, {@code low}, {@code none}; e.g. {@code
   * error=critical,note=none}.
   *
   * @throws IllegalArgumentException naming the part that is wrong
   */
  public static SeverityPolicy parse(String spec) {
    Severity[] table = {Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.NONE};
    String[] levels = {"error", "warning", "note", "none"};
    for (String part : spec.split(",", -1)) {
      int eq = part.indexOf('=');
      String level = eq < 0 ? part.strip() : part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      int index = java.util.Arrays.asList(levels).indexOf(level);
      if (eq < 0 || index < 0) {
        throw new IllegalArgumentException(
            "'" + part + "' is not LEVEL=SEVERITY with LEVEL error, warning, note or none");
      }
      String severity = part.substring(eq + 1).strip().toUpperCase(Locale.ROOT);
      try {
        table[index] = Severity.valueOf(severity);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "'" + part + "': the severity is one of critical, high, medium, low, none", e);
      }
    }
    return new SeverityPolicy(table[0], table[1], table[2], table[3]);
  }

  /**
   * The severity of a result whose rule has the given security-severity (null when absent or not a
   * number in [0, 10]) and whose effective SARIF level is {@code level}.
   */
  public Severity severityOf(Double securitySeverity, String level) {
    return severityOf(securitySeverity, level, false);
  }

  /**
   * As {@link #severityOf(Double, String)}, and, when there is no usable security-severity, at
   * least {@link Severity#HIGH} for a finding of {@link TopCwes#dangerous one of the most dangerous
   * weaknesses}: a tool that rates a SQL injection "warning" does not make it medium.
   */
  public Severity severityOf(Double securitySeverity, String level, boolean dangerousWeakness) {
    if (securitySeverity != null && isScore(securitySeverity)) {
      return fromSecuritySeverity(securitySeverity);
    }
    Severity byLevel = fromLevel(level);
    return dangerousWeakness && !byLevel.atLeast(Severity.HIGH) ? Severity.HIGH : byLevel;
  }

  /**
   * The severity for a SARIF level; an unknown or absent level counts as SARIF's default, warning.
   */
  public Severity fromLevel(String level) {
    if (level == null) {
      return warning;
    }
    switch (level.toLowerCase(Locale.ROOT)) {
      case "error":
        return error;
      case "note":
        return note;
      case "none":
        return none;
      default:
        return warning;
    }
  }

  /**
   * CVSS v3 qualitative bands, as GitHub documents them ("over 9.0 critical, 7.0 to 8.9 high, 4.0
   * to 6.9 medium, 0.1 to 3.9 low"): the bands are closed below, so 9.0 is critical, 8.95 high, and
   * 0.0 is {@link Severity#NONE}.
   *
   * @throws IllegalArgumentException if the score is not in [0, 10]
   */
  public static Severity fromSecuritySeverity(double score) {
    if (!isScore(score)) {
      throw new IllegalArgumentException("security-severity must be in [0, 10], was " + score);
    }
    if (score >= 9.0) {
      return Severity.CRITICAL;
    }
    if (score >= 7.0) {
      return Severity.HIGH;
    }
    if (score >= 4.0) {
      return Severity.MEDIUM;
    }
    if (score > 0.0) {
      return Severity.LOW;
    }
    return Severity.NONE;
  }

  private static boolean isScore(double score) {
    return score >= 0.0 && score <= 10.0;
  }
}
