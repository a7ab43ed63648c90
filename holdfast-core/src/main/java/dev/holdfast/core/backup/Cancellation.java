package dev.holdfast.core.backup;

import java.util.concurrent.CancellationException;

/**
 * Whether the caller of a running backup gave it up (a Kubernetes Backup deleted mid-run, say). The
 * backup asks between entries and between chunks; once asked and told yes, it stops reading, writes
 * no snapshot, and ends with a {@link CancellationException}. What it uploaded before stays as
 * unreferenced data: the next backup reuses it and prune removes it, as after a crash.
 */
@FunctionalInterface
public interface Cancellation {
  /** Never cancelled: the backup runs to its end. */
  Cancellation NEVER = () -> false;

  /** Whether the backup is to stop; asked often, from several threads, so it must be cheap. */
  boolean requested();

  /** Throws a {@link CancellationException} if cancellation was requested. */
  default void throwIfRequested() {
    if (requested()) {
      throw new CancellationException("the backup was cancelled");
    }
  }
}
