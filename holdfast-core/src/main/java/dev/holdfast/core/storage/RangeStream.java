package dev.holdfast.core.storage;

import dev.holdfast.core.StorageUnavailable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The body of a network answer held to the {@code length} bytes of the range asked for, as {@link
 * BlobStore#openRange} promises it: exactly those bytes and then the end; a body that ends early or
 * breaks makes this and every later read throw the backend's transient {@link StorageUnavailable},
 * so that a cut transfer is never mistaken for a short blob. Closed after its last byte, the
 * backend may keep the connection for the next request; closed before, it must drop it rather than
 * read the rest. Backends say how to read their body, how to word a cut, and how to let go of the
 * connection. One reader at a time, as any stream.
 */
public abstract class RangeStream extends InputStream {
  private final long length;
  private final byte[] single = new byte[1];
  private long received;
  private StorageUnavailable failure;
  private boolean closed;

  /** A stream of {@code length} bytes. */
  protected RangeStream(long length) {
    this.length = length;
  }

  /** Reads up to {@code count} bytes of the body, as {@link InputStream#read(byte[], int, int)}. */
  protected abstract int readBody(byte[] into, int offset, int count) throws IOException;

  /**
   * The failure of a body that broke ({@code cause}) or ended (null) after {@code received} of
   * {@code length} bytes, naming the blob and the location; transient.
   */
  protected abstract StorageUnavailable cutShort(long received, long length, Exception cause);

  /**
   * Lets go of the connection: kept for another request when {@code whole} (every byte read,
   * nothing failed), dropped otherwise.
   */
  protected abstract void release(boolean whole) throws IOException;

  /**
   * Whether a runtime exception from {@link #readBody} means the transfer broke (an HTTP client
   * that wraps I/O failures in its own unchecked exceptions); none does by default.
   */
  protected boolean isTransferFailure(RuntimeException e) {
    return false;
  }

  @Override
  public final int read() throws IOException {
    return read(single, 0, 1) < 0 ? -1 : single[0] & 0xff;
  }

  @Override
  public final int read(byte[] into, int offset, int count) throws IOException {
    Objects.checkFromIndexSize(offset, count, into.length);
    if (closed) {
      throw new IOException("reading a range whose stream was closed");
    }
    if (failure != null) {
      throw failure;
    }
    if (received == length) {
      return -1;
    }
    if (count == 0) {
      return 0;
    }
    int n;
    try {
      n = readBody(into, offset, (int) Math.min(count, length - received));
    } catch (IOException e) {
      throw cut(e);
    } catch (RuntimeException e) {
      if (isTransferFailure(e)) {
        throw cut(e);
      }
      throw e;
    }
    if (n < 0) {
      throw cut(null);
    }
    received += n;
    return n;
  }

  private StorageUnavailable cut(Exception cause) {
    failure = cutShort(received, length, cause);
    return failure;
  }

  @Override
  public final void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    release(received == length && failure == null);
  }
}
