package dev.holdfast.sast.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A user's decision that one finding of one application does not count against its posture until a
 * date (a false positive, a risk accepted while a fix ships). A waiver that has expired no longer
 * applies but stays on record.
 *
 * @param id 32 hex digits, the waiver's blob name
 * @param finding the waived finding, in every version of {@code app}
 * @param until the first instant the waiver no longer applies
 * @param by who made it ({@code user@host}), for the record
 */
public record Waiver(
    String id,
    String app,
    FindingId finding,
    String reason,
    Instant until,
    Instant createdAt,
    String by) {

  /** Longest reason, in characters. */
  public static final int MAX_REASON = 1000;

  public Waiver {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(finding, "finding");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(by, "by");
    checkReason(reason);
  }

  /** True when the waiver applies at {@code now}. */
  public boolean activeAt(Instant now) {
    return now.isBefore(until);
  }

  /**
   * Checks a reason a user gives: not blank, at most {@link #MAX_REASON} characters, no control
   * characters.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static void checkReason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a waiver needs a reason");
    }
    if (reason.length() > MAX_REASON) {
      throw new IllegalArgumentException(
          "a waiver reason has at most " + MAX_REASON + " characters, this one " + reason.length());
    }
    if (reason.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("a waiver reason must not contain control characters");
    }
  }
}
