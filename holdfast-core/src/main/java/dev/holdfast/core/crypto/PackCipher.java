package dev.holdfast.core.crypto;

import java.util.Arrays;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts and authenticates the blobs of one pack under the pack's own key, derived from the
 * master key and the pack's random salt; each blob's nonce is a number the caller guarantees unique
 * within the pack (its byte offset). Thread-safe (threads may share one); a writer must still never
 * seal two blobs under one nonce.
 */
public final class PackCipher {
  /** Length of the salt stored in clear in the pack header. */
  public static final int SALT_BYTES = 32;

  /** Length of the authentication tag after each blob's ciphertext. */
  public static final int TAG_BYTES = 16;

  private final MasterKey master;
  private final byte[] salt;
  private final SecretKeySpec key;

  PackCipher(MasterKey master, byte[] salt32) {
    Objects.requireNonNull(salt32, "pack salt");
    if (salt32.length != SALT_BYTES) {
      throw new IllegalArgumentException(
          "pack salt must be " + SALT_BYTES + " bytes, was " + salt32.length);
    }
    this.master = master;
    this.salt = salt32.clone();
    byte[] k = Hkdf.sha256(master.encKey(), salt, Hkdf.INFO_PACK, Gcm.KEY_BYTES);
    try {
      this.key = Gcm.key(k);
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  /** The pack's salt (a copy), to be written into the pack header. */
  public byte[] salt() {
    return salt.clone();
  }

  /**
   * Encrypts {@code in[inOff, inOff+inLen)} into {@code out} at {@code outOff}, ciphertext then
   * tag; returns the bytes written ({@code inLen + 16}). The two ranges must not overlap.
   *
   * @param nonce unique within this pack: the blob's byte offset, or {@code Long.MAX_VALUE} for the
   *     trailer
   * @param aad authenticated with the blob but not stored (type byte and chunk id)
   * @throws IndexOutOfBoundsException when a range does not fit its array ({@code out} needs {@code
   *     inLen + 16} bytes from {@code outOff})
   * @throws IllegalStateException when this thread's previous seal used the same key and nonce (the
   *     JDK refuses; any other repeat is the caller's duty to prevent)
   */
  public int seal(long nonce, byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
    master.checkLive();
    return Gcm.seal(key, nonce(nonce), aad, in, inOff, inLen, out, outOff);
  }

  /**
   * Checks and decrypts one blob, {@code in[inOff, inOff+inLen)} being its ciphertext and tag.
   *
   * @throws AuthenticationFailed when the bytes, nonce, aad or pack salt are not those it was
   *     sealed with, or it is shorter than a tag
   */
  public byte[] open(long nonce, byte[] aad, byte[] in, int inOff, int inLen)
      throws AuthenticationFailed {
    Objects.checkFromIndexSize(inOff, inLen, in.length);
    byte[] plain = new byte[Math.max(0, inLen - TAG_BYTES)];
    openInto(nonce, aad, in, inOff, inLen, plain);
    return plain;
  }

  /**
   * Like {@link #open}, into {@code out} from index 0 (which needs {@code inLen - 16} bytes)
   * instead of a new array; returns the plaintext's length. When it throws, {@code out} holds
   * garbage.
   *
   * @throws AuthenticationFailed as {@link #open} does
   * @throws IndexOutOfBoundsException when {@code out} is too short
   */
  public int openInto(long nonce, byte[] aad, byte[] in, int inOff, int inLen, byte[] out)
      throws AuthenticationFailed {
    Objects.checkFromIndexSize(inOff, inLen, in.length);
    master.checkLive();
    if (inLen < TAG_BYTES) {
      throw new AuthenticationFailed(
          "pack blob is too short: " + inLen + " bytes, less than its tag");
    }
    return Gcm.open(key, nonce(nonce), aad, in, inOff, inLen, out, 0, "pack blob");
  }

  private static byte[] nonce(long n) {
    // 4 zero bytes, then n big-endian.
    byte[] nonce = new byte[Gcm.NONCE_BYTES];
    for (int i = 0; i < 8; i++) {
      nonce[Gcm.NONCE_BYTES - 1 - i] = (byte) (n >>> (8 * i));
    }
    return nonce;
  }
}
