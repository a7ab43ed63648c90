package dev.holdfast.server;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The bytes of blob data the server may hold in memory at once over all requests: a request
 * reserves what it is about to hold and waits (in order of arrival) while the budget is spent.
 * Thread-safe.
 */
final class BufferBudget {
  private final int total;
  private final Semaphore bytes;

  BufferBudget(int total) {
    this.total = total;
    this.bytes = new Semaphore(total, true);
  }

  /** Bytes held, in total and at one moment. */
  int total() {
    return total;
  }

  /**
   * Reserves {@code size} bytes, waiting up to {@code patience}.
   *
   * @return the reservation, to close once the bytes are no longer held; null when the wait timed
   *     out
   */
  Reservation reserve(int size, Duration patience) throws InterruptedException {
    if (size < 0 || size > total) {
      throw new IllegalArgumentException("cannot reserve " + size + " of " + total + " bytes");
    }
    if (!bytes.tryAcquire(size, patience.toNanos(), TimeUnit.NANOSECONDS)) {
      return null;
    }
    return new Reservation(size);
  }

  /** Bytes reserved until closed; closing twice releases once. */
  final class Reservation implements AutoCloseable {
    private int size;

    private Reservation(int size) {
      this.size = size;
    }

    @Override
    public void close() {
      int held = size;
      size = 0;
      bytes.release(held);
    }
  }
}
