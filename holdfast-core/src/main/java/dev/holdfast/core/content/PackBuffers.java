package dev.holdfast.core.content;

import java.util.ArrayDeque;
import java.util.concurrent.Semaphore;

/**
 * A fixed number of reusable pack buffers. A backup fills and stores one pack after another;
 * reusing buffers saves an allocation and copies per pack, and bounding their number is what bounds
 * a backup's memory: a writer that wants a new pack while all buffers are full or uploading waits
 * until an upload finishes (backpressure). Thread-safe.
 */
final class PackBuffers {
  private final int capacity;
  private final Semaphore available;
  private final ArrayDeque<byte[]> idle = new ArrayDeque<>();

  /**
   * @param capacity the size of each buffer: the target pack size plus room for one more blob
   * @param count how many buffers may exist at once
   */
  PackBuffers(int capacity, int count) {
    this.capacity = capacity;
    this.available = new Semaphore(count);
  }

  /** A buffer, waiting while all of them are in use. */
  byte[] take() {
    available.acquireUninterruptibly();
    synchronized (idle) {
      byte[] b = idle.poll();
      return b != null ? b : new byte[capacity];
    }
  }

  /**
   * Returns a buffer taken from this pool (possibly replaced by a larger copy when a blob did not
   * fit; the larger one is dropped).
   */
  void give(byte[] buffer) {
    if (buffer.length == capacity) {
      synchronized (idle) {
        idle.push(buffer);
      }
    }
    available.release();
  }
}
