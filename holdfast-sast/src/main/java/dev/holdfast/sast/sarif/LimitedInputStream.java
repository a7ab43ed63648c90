package dev.holdfast.sast.sarif;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes read and fails with {@link SarifTooLarge} once they pass the limit. */
final class LimitedInputStream extends FilterInputStream {
  private final long limit;
  private final String source;
  private long count;

  LimitedInputStream(InputStream in, long limit, String source) {
    super(in);
    this.limit = limit;
    this.source = source;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    count(skipped);
    return skipped;
  }

  /** The bytes read through this stream so far. */
  long bytesRead() {
    return count;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void count(long n) {
    count += n;
    if (count > limit) {
      throw new SarifTooLarge(source, limit);
    }
  }
}
