package dev.holdfast.operator.backup;

import dev.holdfast.operator.api.Backup;
import java.time.Duration;

/** Where one reconcile left a Backup: waiting, or at an end that is to be finished at once. */
sealed interface Step {
  /** Look again after {@code after} (or sooner, when the Backup changes). */
  record Wait(Duration after) implements Step {}

  /** The Backup reached an end, written as {@code backup}. */
  record Ended(Backup backup) implements Step {}
}
