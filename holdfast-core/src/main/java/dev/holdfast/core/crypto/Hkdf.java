package dev.holdfast.core.crypto;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 (RFC 5869), the one way every subkey of the repository is derived. */
final class Hkdf {
  /** Info strings; each names the one use of its subkey, so subkeys never collide. */
  static final byte[] INFO_CHUNKER = ascii("holdfast/v1/chunker");

  static final byte[] INFO_OBJECT = ascii("holdfast/v1/object");
  static final byte[] INFO_PACK = ascii("holdfast/v1/pack");
  static final byte[] INFO_CACHE = ascii("holdfast/v1/cache");

  private static final byte[] EMPTY = new byte[0];

  private Hkdf() {}

  /**
   * Extract-then-expand. A {@code null} or empty salt both mean "no salt" (RFC 5869 section 2.2:
   * HMAC with an empty key equals HMAC with HashLen zero bytes).
   */
  static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(ikm, salt == null ? EMPTY : salt, info));
    byte[] out = new byte[length];
    hkdf.generateBytes(out, 0, length);
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
