package dev.holdfast.core.content;

import java.util.ArrayDeque;

/**
 * Reuses pack buffers: a backup fills and stores one pack after another, and allocating (and
 * growing) a fresh 16 MiB array for each would cost a copy of every byte and needless garbage.
 * Holds at most {@code limit} idle buffers. Thread-safe.
 */
final class PackBuffers {
  private final int capacity;
  private final int limit;
  private final ArrayDeque<byte[]> idle = new ArrayDeque<>();

  /**
   * @param capacity the size of new buffers: the target pack size plus room for one more blob
   * @param limit idle buffers kept at most
   */
  PackBuffers(int capacity, int limit) {
    this.capacity = capacity;
    this.limit = limit;
  }

  synchronized byte[] take() {
    byte[] b = idle.poll();
    return b != null ? b : new byte[capacity];
  }

  synchronized void give(byte[] buffer) {
    if (buffer.length == capacity && idle.size() < limit) {
      idle.push(buffer);
    }
  }
}
