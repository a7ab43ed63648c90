package dev.holdfast.core.chunking;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;
import java.util.Objects;

/**
 * Splits a stream into content-defined chunks with one reusable buffer of at most {@code 2 *
 * maxSize} bytes, grown on demand so that a small file costs a small buffer. Not thread-safe: use
 * one per worker thread, reused across files.
 */
public final class StreamChunker {
  /**
   * Largest single read. The JDK copies channel reads through a per-thread native buffer as big as
   * the largest read it has seen, so bounded reads keep that off-heap memory small.
   */
  private static final int READ_SLICE = 1024 * 1024;

  /** First buffer size: enough for small files, which are most files. */
  static final int INITIAL_CAPACITY = 64 * 1024;

  private final FastCdc cdc;
  private final int maxSize;
  private final int maxCapacity;
  private byte[] buf;

  public StreamChunker(FastCdc cdc) {
    this.cdc = Objects.requireNonNull(cdc, "chunker");
    this.maxSize = cdc.params().maxSize();
    this.maxCapacity = 2 * maxSize;
    this.buf = new byte[Math.min(INITIAL_CAPACITY, maxCapacity)];
  }

  /**
   * Reads {@code in} to its end and hands every chunk, in order, to {@code consumer}. Returns the
   * number of bytes read; an empty stream yields no chunk. The stream is not closed.
   */
  public long split(InputStream in, ChunkConsumer consumer) throws IOException {
    Objects.requireNonNull(in, "input stream");
    return run(in::read, consumer);
  }

  /**
   * Reads the blocking channel {@code in} to its end and hands every chunk, in order, to {@code
   * consumer}. Returns the number of bytes read; an empty channel yields no chunk. The channel is
   * not closed.
   */
  public long split(ReadableByteChannel in, ChunkConsumer consumer) throws IOException {
    Objects.requireNonNull(in, "channel");
    if (in instanceof SelectableChannel sc && !sc.isBlocking()) {
      // A non-blocking channel may return 0 forever; the loop below would spin.
      throw new IllegalArgumentException("chunking needs a blocking channel");
    }
    return run(new ChannelSource(in), consumer);
  }

  /**
   * The split loop. The launcher keeps the JIT from inlining it into the task that runs it per
   * file, by name (LauncherJvmOptionsTest): rename it there too.
   */
  private long run(Source src, ChunkConsumer consumer) throws IOException {
    Objects.requireNonNull(consumer, "chunk consumer");
    byte[] b = buf;
    int start = 0;
    int end = 0;
    long total = 0;
    boolean eof = false;
    while (true) {
      int avail = end - start;
      if (avail > 0) {
        int n = cdc.cut(b, start, avail);
        // A cut found by the hash before the end of the buffered bytes is final: it depends only
        // on bytes already seen. A cut at the end of the buffer is final only at end of stream or
        // at maxSize; otherwise the boundary lies further on and we read more before cutting.
        if (n < avail || eof || avail >= maxSize) {
          consumer.accept(b, start, n);
          start += n;
          continue;
        }
      } else if (eof) {
        return total;
      }
      if (end == b.length && b.length < maxCapacity) {
        b = grow(b, start, end);
        end -= start;
        start = 0;
      } else if (start > 0) {
        System.arraycopy(b, start, b, 0, avail);
        end = avail;
        start = 0;
      }
      while (end < b.length) {
        int r = src.read(b, end, Math.min(READ_SLICE, b.length - end));
        if (r < 0) {
          eof = true;
          break;
        }
        end += r;
        total += r;
      }
    }
  }

  /** Doubles the buffer (up to {@code 2 * maxSize}), keeping the unconsumed bytes at its start. */
  private byte[] grow(byte[] old, int start, int end) {
    byte[] grown = new byte[(int) Math.min(2L * old.length, maxCapacity)];
    System.arraycopy(old, start, grown, 0, end - start);
    buf = grown;
    return grown;
  }

  /** For tests: the current buffer size. */
  int bufferCapacity() {
    return buf.length;
  }

  /** The one read operation the split loop needs from either kind of input. */
  @FunctionalInterface
  private interface Source {
    int read(byte[] b, int off, int len) throws IOException;
  }

  /** Reads a channel into the chunker's array through a view that is re-made only on growth. */
  private static final class ChannelSource implements Source {
    private final ReadableByteChannel channel;
    private ByteBuffer view;

    ChannelSource(ReadableByteChannel channel) {
      this.channel = channel;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (view == null || view.array() != b) {
        view = ByteBuffer.wrap(b);
      }
      view.limit(off + len).position(off);
      return channel.read(view);
    }
  }
}
