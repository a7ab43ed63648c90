package dev.holdfast.core.chunking;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;

/**
 * Splits a stream into chunks with one reusable buffer, which starts small and grows to at most
 * twice the largest chunk, so a tiny file costs a tiny buffer. Not thread-safe: one per worker,
 * reusable across files.
 */
public final class StreamChunker {
  private static final int INITIAL = 64 * 1024;

  /**
   * Largest single read. The JDK copies channel reads through a per-thread native buffer as big as
   * the largest read it has seen, so bounded reads keep that memory small.
   */
  private static final int READ_SLICE = 1024 * 1024;

  private final FastCdc cdc;
  private byte[] buf = new byte[INITIAL];

  public StreamChunker(FastCdc cdc) {
    this.cdc = cdc;
  }

  /** Source of bytes: returns bytes read into {@code b[off, off+len)}, or -1 at the end. */
  @FunctionalInterface
  private interface Source {
    int read(byte[] b, int off, int len) throws IOException;
  }

  /** Reads {@code in} to its end and hands every chunk, in order, to {@code consumer}. */
  public long split(InputStream in, ChunkConsumer consumer) throws IOException {
    return split(in::read, consumer);
  }

  /** Reads {@code in} to its end and hands every chunk, in order, to {@code consumer}. */
  public long split(ReadableByteChannel in, ChunkConsumer consumer) throws IOException {
    return split((b, off, len) -> in.read(ByteBuffer.wrap(b, off, len)), consumer);
  }

  private long split(Source in, ChunkConsumer consumer) throws IOException {
    int max = cdc.params().maxSize();
    int start = 0;
    int end = 0;
    long total = 0;
    boolean eof = false;
    while (true) {
      while (!eof && end - start < max) {
        if (end == buf.length) {
          if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
          } else {
            buf = Arrays.copyOf(buf, Math.min(Math.max(buf.length * 2, INITIAL), 2 * max));
          }
        }
        int n = in.read(buf, end, Math.min(READ_SLICE, buf.length - end));
        if (n < 0) {
          eof = true;
        } else {
          end += n;
        }
      }
      if (end == start) {
        return total;
      }
      int len = cdc.cut(buf, start, end - start);
      consumer.accept(buf, start, len);
      start += len;
      total += len;
    }
  }

  /** Current buffer size (for tests: small streams must not allocate the maximum). */
  int bufferSize() {
    return buf.length;
  }
}
