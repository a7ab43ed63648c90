package dev.holdfast.sast.finding;

/**
 * How bad a finding is, from worst to harmless; the order of the constants is the order of
 * severity, so {@code compareTo} ranks findings. See docs/SAST.md for how SARIF maps onto it.
 */
public enum Severity {
  CRITICAL,
  HIGH,
  MEDIUM,
  LOW,
  /** Informational: a SARIF {@code level} of {@code none}, or a security-severity of 0.0. */
  NONE;

  /** Whether this severity is at least as bad as {@code other}. */
  public boolean atLeast(Severity other) {
    return compareTo(other) <= 0;
  }
}
