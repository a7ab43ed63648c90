package dev.holdfast.operator.agent;

import dev.holdfast.core.backup.BackupRequest;
import dev.holdfast.core.backup.BackupResult;
import dev.holdfast.core.concurrent.Cancellation;
import dev.holdfast.core.repository.Repository;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A backup that holds in its middle (the repository open, nothing written yet) until released, so a
 * test can stop an agent or an operator, or delete a claim, while it runs; released, it runs
 * holdfast-core's backup. Interrupted, it ends as the real job does: with an exception.
 */
final class HeldRunner implements BackupRunner {
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  private final CountDownLatch interrupted = new CountDownLatch(1);
  private volatile Cancellation given = Cancellation.NEVER;

  @Override
  public BackupResult run(Repository repo, BackupRequest request, Cancellation cancellation) {
    given = cancellation;
    entered.countDown();
    try {
      if (!released.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released the backup");
      }
    } catch (InterruptedException e) {
      interrupted.countDown();
      Thread.currentThread().interrupt();
      throw new CompletionException(e);
    }
    return BackupRunner.CORE.run(repo, request, cancellation);
  }

  /** Waits until a backup is held. */
  void awaitEntered() throws InterruptedException {
    if (!entered.await(60, TimeUnit.SECONDS)) {
      throw new AssertionError("no backup started within a minute");
    }
  }

  /** Waits until the held backup was interrupted (its job cancelled). */
  void awaitInterrupted() throws InterruptedException {
    if (!interrupted.await(60, TimeUnit.SECONDS)) {
      throw new AssertionError("the held backup was not interrupted within a minute");
    }
  }

  /** Whether the job asked holdfast-core's backup (through its {@link Cancellation}) to stop. */
  boolean cancellationRequested() {
    return given.requested();
  }

  /** Lets the held backup go on. */
  void release() {
    released.countDown();
  }
}
