package dev.holdfast.sast.posture;

/** Whether a finding of a version counts against its posture, and if not, why not. */
public enum FindingStatus {
  /** It counts. */
  OPEN,
  /** Every report that has it says it is suppressed (SARIF {@code suppressions}). */
  SUPPRESSED,
  /** A waiver that is active now covers it. */
  WAIVED,
  /** Every report that has it gives its baseline state as {@code absent}: it was fixed. */
  FIXED;

  /** The lower-case word used in tables and JSON. */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
