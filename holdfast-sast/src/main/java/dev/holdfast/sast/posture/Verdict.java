package dev.holdfast.sast.posture;

/** The posture of an application version or a snapshot under a {@link Gate}. */
public enum Verdict {
  /** Every application version has a report and none has an open finding the gate refuses. */
  CLEAN,
  /** Some application version has an open finding the gate refuses. */
  VULNERABLE,
  /** Nothing refused, but some application version has no report (or none was recorded). */
  UNKNOWN;

  /** The lower-case word used in tables and JSON. */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
