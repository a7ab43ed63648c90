package dev.holdfast.core.concurrent;

import java.util.concurrent.CancellationException;

/**
 * Whether the caller of a running job gave it up (a Kubernetes Backup deleted mid-run, a Restore
 * the operator ended). The job asks between units of its work; once asked and told yes, it stops
 * and ends with a {@link CancellationException}. What a cancelled job leaves is what a crash at
 * that moment would leave: a backup writes no snapshot (what it uploaded is unreferenced data the
 * next backup reuses and prune removes), a restore leaves the files it had not finished incomplete.
 */
@FunctionalInterface
public interface Cancellation {
  /** Never cancelled: the job runs to its end. */
  Cancellation NEVER = () -> false;

  /** Whether the job is to stop; asked often, from several threads, so it must be cheap. */
  boolean requested();

  /** Throws a {@link CancellationException} if cancellation was requested. */
  default void throwIfRequested() {
    if (requested()) {
      throw new CancellationException("cancelled by its caller");
    }
  }
}
