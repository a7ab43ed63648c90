package dev.holdfast.s3;

import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.storage.BlobName;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The body of a GET held to the {@code length} bytes asked for: it yields exactly those bytes and
 * then ends, and a body that breaks off before them makes a read throw a transient {@link
 * StorageUnavailable} instead of ending early, so a reader can never mistake a cut transfer for a
 * short blob. Closing it before its end aborts the connection: the HTTP client would otherwise read
 * the rest of the body (megabytes of a pack) only to reuse the connection. Not thread-safe, as
 * streams are not.
 */
final class RangeBody extends InputStream {
  private final ResponseInputStream<?> body;
  private final BlobName name;
  private final S3Location location;
  private final long length;
  private final boolean bodyEndsWithRange;
  private final byte[] single = new byte[1];
  private long arrived;
  private boolean closed;

  /**
   * @param body the response, positioned at the first byte of the range
   * @param bodyEndsWithRange false when the body goes on after the range (a server that ignored the
   *     Range header), so that even a stream read to its end drops the connection on close
   */
  RangeBody(
      ResponseInputStream<?> body,
      BlobName name,
      S3Location location,
      long length,
      boolean bodyEndsWithRange) {
    this.body = body;
    this.name = name;
    this.location = location;
    this.length = length;
    this.bodyEndsWithRange = bodyEndsWithRange;
  }

  @Override
  public int read() throws IOException {
    return read(single, 0, 1) < 0 ? -1 : single[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int count) throws IOException {
    Objects.checkFromIndexSize(offset, count, buffer.length);
    if (closed) {
      throw new IOException("reading " + name + " after its stream was closed");
    }
    if (arrived == length) {
      return -1;
    }
    if (count == 0) {
      return 0;
    }
    int n;
    try {
      n = body.read(buffer, offset, (int) Math.min(count, length - arrived));
    } catch (IOException | SdkException e) {
      throw S3Failures.cutShort(name, location, arrived, length, e);
    }
    if (n < 0) {
      throw S3Failures.cutShort(name, location, arrived, length, null);
    }
    arrived += n;
    return n;
  }

  /** Closes the body; before the end of the range (or of a longer body) aborts the connection. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (arrived < length || !bodyEndsWithRange) {
      body.abort();
    }
    body.close();
  }
}
