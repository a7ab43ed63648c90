package dev.holdfast.core.chunking;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * FastCDC content-defined chunking (Xia et al., "The Design of Fast Content-Defined Chunking for
 * Data Deduplication Based Storage Systems", 2020) over a 64-bit gear hash {@code h = (h << 1) +
 * gear[b]}, with normalised chunking level 2. A cut depends only on the bytes just before it, so
 * inserting or deleting bytes moves the boundaries near the edit and nowhere else.
 *
 * <p>The gear table is derived from the repository's secret seed: with a public table, the sizes of
 * stored chunks would let a storage provider recognise known files even though their content and
 * ids are hidden. The seed and table are never printed.
 *
 * <p>Cut rule: no cut in the first {@code minSize} bytes (the hash starts there, from zero); until
 * {@code avgSize} the mask has {@code log2(avg) + 2} one-bits, after it {@code log2(avg) - 2}, so
 * chunk sizes cluster near the average; a cut is forced at {@code maxSize}. Masks use the top bits
 * of the hash, which depend on the last 64 bytes. Immutable and thread-safe.
 */
public final class FastCdc {
  private final ChunkerParams params;
  private final long[] gear = new long[256];
  private final long maskSmall;
  private final long maskLarge;

  public FastCdc(ChunkerParams params, byte[] seed32) {
    if (seed32 == null || seed32.length != 32) {
      throw new IllegalArgumentException("chunker seed must be 32 bytes");
    }
    this.params = params;
    int bits = Integer.numberOfTrailingZeros(params.avgSize());
    this.maskSmall = topBits(bits + 2);
    this.maskLarge = topBits(Math.max(1, bits - 2));
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] label = "holdfast gear".getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 256; i++) {
        sha.update(seed32);
        sha.update(label);
        sha.update((byte) i);
        gear[i] = ByteBuffer.wrap(sha.digest()).getLong();
      }
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static long topBits(int n) {
    return -1L << (64 - n);
  }

  public ChunkerParams params() {
    return params;
  }

  /**
   * Length of the next chunk starting at {@code buf[off]}, looking at most at {@code len} bytes.
   * The caller passes at least {@code maxSize} bytes unless the stream ends sooner; with {@code len
   * <= minSize} the whole rest is one chunk.
   */
  public int cut(byte[] buf, int off, int len) {
    int min = params.minSize();
    if (len <= min) {
      return len;
    }
    int n = Math.min(len, params.maxSize());
    int normal = Math.min(n, params.avgSize());
    long h = 0;
    int i = off + min;
    int normalEnd = off + normal;
    int end = off + n;
    long[] g = gear;
    long ms = maskSmall;
    for (; i < normalEnd; i++) {
      h = (h << 1) + g[buf[i] & 0xff];
      if ((h & ms) == 0) {
        return i + 1 - off;
      }
    }
    long ml = maskLarge;
    for (; i < end; i++) {
      h = (h << 1) + g[buf[i] & 0xff];
      if ((h & ml) == 0) {
        return i + 1 - off;
      }
    }
    return n;
  }
}
