package dev.holdfast.operator.agent;

import dev.holdfast.core.backup.Backup;
import dev.holdfast.core.backup.BackupProgress;
import dev.holdfast.core.backup.BackupRequest;
import dev.holdfast.core.backup.BackupResult;
import dev.holdfast.core.concurrent.Cancellation;
import dev.holdfast.core.repository.Repository;

/**
 * Runs holdfast-core's backup job for the agent. The one implementation is {@link #CORE}; tests
 * wrap it to hold a backup in the middle (to stop an agent or an operator while it runs).
 */
@FunctionalInterface
public interface BackupRunner {
  /**
   * Backs up what {@code request} says into {@code repo}, stopping without a snapshot (with a
   * {@link java.util.concurrent.CancellationException}) once {@code cancellation} is requested.
   */
  BackupResult run(Repository repo, BackupRequest request, Cancellation cancellation);

  /** holdfast-core's {@link Backup} with the machine's settings. */
  BackupRunner CORE =
      (repo, request, cancellation) ->
          new Backup(repo).run(request, new BackupProgress(), cancellation);
}
