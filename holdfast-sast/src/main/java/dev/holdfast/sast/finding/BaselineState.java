package dev.holdfast.sast.finding;

import java.util.Locale;

/**
 * SARIF's {@code result.baselineState}: how a result relates to the tool's own baseline run, or
 * {@link #NOT_GIVEN} when the report does not say.
 */
public enum BaselineState {
  NEW,
  UNCHANGED,
  UPDATED,
  ABSENT,
  NOT_GIVEN;

  /**
   * The state named by a SARIF value, {@link #NOT_GIVEN} for null or a value SARIF does not define.
   */
  public static BaselineState fromSarif(String value) {
    if (value == null) {
      return NOT_GIVEN;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "new":
        return NEW;
      case "unchanged":
        return UNCHANGED;
      case "updated":
        return UPDATED;
      case "absent":
        return ABSENT;
      default:
        return NOT_GIVEN;
    }
  }
}
