package dev.holdfast.core.chunking;

import java.io.IOException;

/** Receives chunks in order; {@code buf[off, off+len)} is valid only during the call. */
@FunctionalInterface
public interface ChunkConsumer {
  void accept(byte[] buf, int off, int len) throws IOException;
}
