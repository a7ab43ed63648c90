package dev.holdfast.core.snapshot;

import dev.holdfast.core.id.SnapshotId;
import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot that retention must never remove, whatever the policy: when it was pinned and, if
 * given, why (docs/FORMAT.md, "Pins").
 */
public record Pin(SnapshotId snapshot, Instant pinnedAt, Optional<String> note) {
  /** Longest note a pin may carry, in characters. */
  public static final int MAX_NOTE = 1000;

  public Pin {
    if (snapshot == null || pinnedAt == null) {
      throw new IllegalArgumentException("a pin needs a snapshot and a time");
    }
    note = note == null ? Optional.empty() : note;
    note.ifPresent(Pin::checkNote);
  }

  /**
   * Checks a note a user gives: at most {@link #MAX_NOTE} characters and no control characters, so
   * that it prints on one line.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static void checkNote(String note) {
    if (note.length() > MAX_NOTE) {
      throw new IllegalArgumentException(
          "a pin note has at most " + MAX_NOTE + " characters, this one " + note.length());
    }
    if (note.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("a pin note must not contain control characters");
    }
  }
}
