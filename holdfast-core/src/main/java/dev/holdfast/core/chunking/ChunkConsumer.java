package dev.holdfast.core.chunking;

import java.io.IOException;

/**
 * Receives the chunks of a stream from {@link StreamChunker}, one call per chunk, in stream order.
 * The bytes {@code buf[off, off + len)} are valid only during the call because the buffer is
 * reused: copy them (or hash/compress them) before returning.
 */
@FunctionalInterface
public interface ChunkConsumer {
  /** Takes one chunk; an exception stops the split and propagates to its caller. */
  void accept(byte[] buf, int off, int len) throws IOException;
}
