package dev.holdfast.operator.backup;

import dev.holdfast.operator.api.Backup;

/**
 * What runs once a Backup has reached its end (Completed, PartiallyFailed or Failed) and its post
 * hooks ran: e.g. the policy's retention for the claim's snapshots. Called at most once per Backup
 * by the operator, and again after an operator restart only if it had not finished; so an
 * implementation must be idempotent.
 */
@FunctionalInterface
public interface BackupCompletion {
  /** Acts on {@code backup}, whose status is final. */
  void completed(Backup backup);

  /** Does nothing. */
  BackupCompletion NONE = backup -> {};
}
