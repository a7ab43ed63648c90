package dev.holdfast.core.content;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.nio.ByteBuffer;

/**
 * zstd compression of blob payloads, skipped when it does not pay. Each stored blob starts with a
 * one-byte encoding ({@link #RAW} or {@link #ZSTD}) so readers need no side information. Not
 * thread-safe: one instance per thread (it holds native zstd contexts).
 *
 * <p>zstd works on direct buffers, not on heap arrays: zstd-jni's array methods pin the arrays in a
 * JNI critical section, which stalls the garbage collector while a megabyte is compressed; with
 * several threads compressing, a small heap then fails allocations it could have satisfied. Two
 * extra memory copies are cheap next to compression.
 */
public final class Compression implements AutoCloseable {
  /** Encoding byte: the payload is the plaintext as is. */
  public static final byte RAW = 0;

  /** Encoding byte: the payload is one zstd frame. */
  public static final byte ZSTD = 1;

  /** Name written into the repository config. */
  public static final String ALGORITHM = "zstd";

  /** A compressed payload must be at most this fraction of the input to be kept. */
  private static final double WORTH_IT = 0.97;

  private final ZstdCompressCtx compressor;
  private final ZstdDecompressCtx decompressor = new ZstdDecompressCtx();
  private byte[] scratch = new byte[0];
  private ByteBuffer src = ByteBuffer.allocateDirect(0);
  private ByteBuffer dst = ByteBuffer.allocateDirect(0);

  /** Compression at {@code level} (1..19; 0 disables compression). */
  public Compression(int level) {
    if (level < 0 || level > 19) {
      throw new IllegalArgumentException("compression level must be 0..19, was " + level);
    }
    if (level == 0) {
      compressor = null;
    } else {
      compressor = new ZstdCompressCtx();
      compressor.setLevel(level);
      compressor.setContentSize(true);
      compressor.setChecksum(false);
    }
  }

  /**
   * Framed payload bytes: {@code buf[off]} is the encoding byte, the payload follows; valid until
   * the next call.
   */
  public record Framed(byte[] buf, int off, int len) {}

  /**
   * Frames {@code in[off, off+len)} as an encoding byte plus payload: zstd when that saves at least
   * 3%, otherwise the input as is. The returned buffer is reused by the next call.
   */
  public Framed frame(byte[] in, int off, int len) {
    if (compressor != null && len >= 64) {
      int bound = (int) Zstd.compressBound(len);
      src = fill(src, in, off, len);
      dst = atLeast(dst, bound);
      int n = compressor.compressDirectByteBuffer(dst, 0, bound, src, 0, len);
      if (n < len * WORTH_IT) {
        ensureScratch(n + 1);
        scratch[0] = ZSTD;
        dst.get(0, scratch, 1, n);
        return new Framed(scratch, 0, n + 1);
      }
    }
    ensureScratch(len + 1);
    scratch[0] = RAW;
    System.arraycopy(in, off, scratch, 1, len);
    return new Framed(scratch, 0, len + 1);
  }

  private static ByteBuffer atLeast(ByteBuffer b, int size) {
    if (b.capacity() >= size) {
      return b;
    }
    return ByteBuffer.allocateDirect(Math.max(size, b.capacity() + b.capacity() / 2));
  }

  private static ByteBuffer fill(ByteBuffer b, byte[] in, int off, int len) {
    ByteBuffer target = atLeast(b, len);
    target.put(0, in, off, len);
    return target;
  }

  private void ensureScratch(int size) {
    if (scratch.length < size) {
      scratch = new byte[Math.max(size, scratch.length + scratch.length / 2)];
    }
  }

  /**
   * Decodes a framed payload (encoding byte first) into exactly {@code rawLength} bytes.
   *
   * @throws IllegalArgumentException when the encoding is unknown or the payload does not decode to
   *     {@code rawLength} bytes
   */
  public byte[] unframe(byte[] in, int off, int len, int rawLength) {
    if (encoding(in, off, len) == RAW) {
      checkRawLength(len - 1, rawLength);
      byte[] out = new byte[rawLength];
      System.arraycopy(in, off + 1, out, 0, rawLength);
      return out;
    }
    byte[] out = new byte[rawLength];
    decompress(in, off + 1, len - 1, rawLength).get(0, out);
    return out;
  }

  /**
   * Decodes a framed payload like {@link #unframe} into this instance's native memory, for writing
   * to a channel without further copies. The returned read-only buffer spans the {@code rawLength}
   * bytes and is valid until the next call on this instance.
   *
   * @throws IllegalArgumentException as {@link #unframe} does
   */
  public ByteBuffer unframeDirect(byte[] in, int off, int len, int rawLength) {
    if (encoding(in, off, len) == RAW) {
      checkRawLength(len - 1, rawLength);
      dst = atLeast(dst, rawLength);
      dst.put(0, in, off + 1, rawLength);
      return dst.asReadOnlyBuffer().limit(rawLength);
    }
    return decompress(in, off + 1, len - 1, rawLength);
  }

  private static byte encoding(byte[] in, int off, int len) {
    if (len < 1) {
      throw new IllegalArgumentException("empty framed payload");
    }
    byte encoding = in[off];
    if (encoding != RAW && encoding != ZSTD) {
      throw new IllegalArgumentException("unknown payload encoding " + encoding);
    }
    return encoding;
  }

  private static void checkRawLength(int payloadLen, int rawLength) {
    if (payloadLen != rawLength) {
      throw new IllegalArgumentException(
          "raw payload has " + payloadLen + " bytes, expected " + rawLength);
    }
  }

  /** Decompresses one zstd frame into {@code dst}; returns a read-only view of the bytes. */
  private ByteBuffer decompress(byte[] in, int payloadOff, int payloadLen, int rawLength) {
    int n;
    try {
      src = fill(src, in, payloadOff, payloadLen);
      dst = atLeast(dst, rawLength);
      n = decompressor.decompressDirectByteBuffer(dst, 0, rawLength, src, 0, payloadLen);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("zstd payload does not decode: " + e.getMessage());
    }
    if (n != rawLength) {
      throw new IllegalArgumentException(
          "zstd payload decoded to " + n + " bytes, expected " + rawLength);
    }
    return dst.asReadOnlyBuffer().limit(rawLength);
  }

  @Override
  public void close() {
    if (compressor != null) {
      compressor.close();
    }
    decompressor.close();
  }
}
