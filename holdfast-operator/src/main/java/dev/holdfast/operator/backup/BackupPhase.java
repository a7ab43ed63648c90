package dev.holdfast.operator.backup;

import dev.holdfast.operator.api.Backup;
import java.util.Optional;

/**
 * The phases of a Backup (docs/DESIGN.md, "The backup protocol"): the operator moves it from
 * Pending to Running (or Failed), the agent from Running to an end, and the operator from Running
 * to Failed when the agent stops reporting. An end is final.
 */
public enum BackupPhase {
  /** Not started: waiting for a slot of its repository, or for the operator. */
  PENDING("Pending"),
  /** Assigned to a node whose agent reads the volume. */
  RUNNING("Running"),
  /** The snapshot was written with every file. */
  COMPLETED("Completed"),
  /** The snapshot was written, but some files were unreadable (listed in errors). */
  PARTIALLY_FAILED("PartiallyFailed"),
  /** No snapshot was written (or the backup's end could not be confirmed). */
  FAILED("Failed");

  private final String text;

  BackupPhase(String text) {
    this.text = text;
  }

  /** The phase as the status writes it. */
  public String text() {
    return text;
  }

  /** True for Completed, PartiallyFailed and Failed. */
  public boolean terminal() {
    return this == COMPLETED || this == PARTIALLY_FAILED || this == FAILED;
  }

  /** The phase of {@code backup}: Pending when it has none yet; empty when it is unknown. */
  public static Optional<BackupPhase> of(Backup backup) {
    String phase = backup.getStatus() == null ? null : backup.getStatus().phase();
    if (phase == null || phase.isEmpty()) {
      return Optional.of(PENDING);
    }
    for (BackupPhase p : values()) {
      if (p.text.equals(phase)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code backup} is in this phase. */
  public boolean is(Backup backup) {
    return of(backup).map(p -> p == this).orElse(false);
  }
}
