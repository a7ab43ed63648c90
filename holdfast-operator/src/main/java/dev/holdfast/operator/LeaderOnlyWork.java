package dev.holdfast.operator;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work besides reconciling that only one operator replica may do at a time (the expiry watch, whose
 * Warning events would otherwise come once per replica): started when this replica starts leading,
 * or at once without leader election; stopped when it stops leading and when the operator closes.
 * Thread-safe: the lease's callbacks run on the leader elector's threads.
 */
final class LeaderOnlyWork implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderOnlyWork.class);

  private final Supplier<AutoCloseable> starter;
  private AutoCloseable running;
  private boolean closed;

  /** Work that {@code starter} starts; closing what it returns stops it. */
  LeaderOnlyWork(Supplier<AutoCloseable> starter) {
    this.starter = starter;
  }

  /** Starts the work unless it runs already or the operator has closed. */
  synchronized void lead() {
    if (running == null && !closed) {
      running = starter.get();
    }
  }

  /** Stops the work if it runs; {@link #lead()} may start it again. */
  synchronized void stopLeading() {
    if (running == null) {
      return;
    }
    try {
      running.close();
    } catch (Exception e) {
      // stopping only ends its threads; what failed is logged by type, never with data
      LOG.warn("stopping leader-only work failed: {}", e.getClass().getSimpleName());
    } finally {
      running = null;
    }
  }

  /** Whether the work runs now. */
  synchronized boolean running() {
    return running != null;
  }

  /** Stops the work for good. */
  @Override
  public synchronized void close() {
    closed = true;
    stopLeading();
  }
}
