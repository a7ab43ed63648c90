package dev.holdfast.core.backup;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * Reusable buffers for chunks handed from a file thread to a chunk thread. Most chunks are near the
 * average size, so buffers of twice the average serve them without allocating; rare larger chunks
 * get an array of their own. Without this a backup allocates (and the collector reclaims) one large
 * array per chunk. Thread-safe.
 */
final class ChunkBuffers {
  private final int size;
  private final ArrayBlockingQueue<byte[]> idle;

  ChunkBuffers(int size, int keep) {
    this.size = size;
    this.idle = new ArrayBlockingQueue<>(Math.max(1, keep));
  }

  /** The memory a chunk of {@code length} bytes occupies while in flight. */
  int cost(int length) {
    return Math.max(length, size);
  }

  /** A buffer of at least {@code length} bytes. */
  byte[] take(int length) {
    if (length > size) {
      return new byte[length];
    }
    byte[] b = idle.poll();
    return b != null ? b : new byte[size];
  }

  /** Returns a buffer for reuse (oversized ones are left to the collector). */
  void give(byte[] buffer) {
    if (buffer.length == size) {
      idle.offer(buffer);
    }
  }
}
