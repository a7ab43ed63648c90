package dev.holdfast.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts and authenticates standalone stored objects (config, index files, snapshot manifests) as
 * {@code 0x01 || salt[32] || ciphertext || tag[16]}, each under its own key derived from a fresh
 * random salt, with the object's storage name as associated data so that an object moved to another
 * name fails authentication. Thread-safe.
 */
public final class ObjectSealer {
  /** Bytes a sealed object has beyond its plaintext: format byte, salt and tag. */
  public static final int OVERHEAD = 1 + 32 + 16;

  static final byte FORMAT_V1 = 0x01;
  static final int SALT_BYTES = 32;
  private static final int HEADER = 1 + SALT_BYTES;

  /**
   * Every object has its own key, so the all-zero nonce is used exactly once per key; a random
   * nonce would add nothing.
   */
  private static final byte[] ZERO_NONCE = new byte[Gcm.NONCE_BYTES];

  // One shared generator: SecureRandom is thread-safe, and 32 bytes per object is cheap.
  private static final SecureRandom SALTS = new SecureRandom();

  private final MasterKey master;
  private final byte[] info;

  /** A sealer whose object keys are HKDF(encKey, salt, {@code info}): one info per use. */
  ObjectSealer(MasterKey master, byte[] info) {
    this.master = master;
    this.info = info;
  }

  /**
   * Seals {@code plaintext}; {@code context} is the object's storage name (for example {@code
   * "snapshots/ab12..."}) and must be given again to {@link #open}.
   */
  public byte[] seal(String context, byte[] plaintext) {
    byte[] aad = aad(context);
    Objects.requireNonNull(plaintext, "plaintext");
    if (plaintext.length > Integer.MAX_VALUE - 8 - OVERHEAD) {
      throw new IllegalArgumentException(
          "object too large to seal: " + plaintext.length + " bytes (" + context + ")");
    }
    byte[] out = new byte[OVERHEAD + plaintext.length];
    out[0] = FORMAT_V1;
    byte[] salt = new byte[SALT_BYTES];
    SALTS.nextBytes(salt);
    System.arraycopy(salt, 0, out, 1, SALT_BYTES);
    SecretKeySpec key = objectKey(salt);
    Gcm.seal(key, ZERO_NONCE, aad, plaintext, 0, plaintext.length, out, HEADER);
    return out;
  }

  /**
   * Checks and decrypts an object sealed under the same {@code context}.
   *
   * @throws AuthenticationFailed when the bytes were modified, the key or context is wrong, the
   *     format byte is unknown or the object is too short to be sealed
   */
  public byte[] open(String context, byte[] sealed) throws AuthenticationFailed {
    byte[] aad = aad(context);
    Objects.requireNonNull(sealed, "sealed");
    if (sealed.length < OVERHEAD) {
      throw new AuthenticationFailed(
          "sealed object is too short: " + sealed.length + " bytes, at least " + OVERHEAD);
    }
    if (sealed[0] != FORMAT_V1) {
      throw new AuthenticationFailed(
          String.format("sealed object has unknown format byte 0x%02x", sealed[0] & 0xff));
    }
    SecretKeySpec key = objectKey(Arrays.copyOfRange(sealed, 1, HEADER));
    byte[] plain = new byte[sealed.length - OVERHEAD];
    Gcm.open(
        key, ZERO_NONCE, aad, sealed, HEADER, sealed.length - HEADER, plain, 0, "sealed object");
    return plain;
  }

  private SecretKeySpec objectKey(byte[] salt) {
    byte[] k = Hkdf.sha256(master.encKey(), salt, info, Gcm.KEY_BYTES);
    try {
      return Gcm.key(k);
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  private static byte[] aad(String context) {
    return Objects.requireNonNull(context, "context").getBytes(StandardCharsets.UTF_8);
  }
}
