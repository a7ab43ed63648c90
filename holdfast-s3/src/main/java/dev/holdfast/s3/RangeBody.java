package dev.holdfast.s3;

import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.RangeStream;
import java.io.IOException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The body of a GET held to the range asked for ({@link RangeStream}). Closing it before its end
 * aborts the connection: the HTTP client would otherwise read the rest of the body (megabytes of a
 * pack) only to reuse the connection.
 */
final class RangeBody extends RangeStream {
  private final ResponseInputStream<?> body;
  private final BlobName name;
  private final S3Location location;
  private final boolean bodyEndsWithRange;

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
    super(length);
    this.body = body;
    this.name = name;
    this.location = location;
    this.bodyEndsWithRange = bodyEndsWithRange;
  }

  @Override
  protected int readBody(byte[] into, int offset, int count) throws IOException {
    return body.read(into, offset, count);
  }

  @Override
  protected boolean isTransferFailure(RuntimeException e) {
    return e instanceof SdkException;
  }

  @Override
  protected StorageUnavailable cutShort(long received, long length, Exception cause) {
    return S3Failures.cutShort(name, location, received, length, cause);
  }

  @Override
  protected void release(boolean whole) throws IOException {
    if (!whole || !bodyEndsWithRange) {
      body.abort();
    }
    body.close();
  }
}
