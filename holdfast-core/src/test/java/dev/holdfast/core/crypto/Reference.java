package dev.holdfast.core.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Independent implementations of the format's primitives, written straight from the spec with the
 * JDK only, so tests check the production code against the spec rather than against itself.
 */
final class Reference {
  private Reference() {}

  static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** A master key whose bytes are 0, 1, ..., 63. */
  static byte[] countingMasterBytes() {
    byte[] b = new byte[MasterKey.BYTES];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  static byte[] hmacSha256(byte[] key, byte[] data) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    // HMAC pads a short key with zeros, so an empty key is the RFC 5869 "no salt" key.
    mac.init(new SecretKeySpec(key.length == 0 ? new byte[32] : key, "HmacSHA256"));
    return mac.doFinal(data);
  }

  /** RFC 5869 HKDF-SHA256, extract then expand. */
  static byte[] hkdf(byte[] ikm, byte[] salt, byte[] info, int length)
      throws GeneralSecurityException {
    byte[] prk = hmacSha256(salt, ikm);
    byte[] out = new byte[length];
    byte[] t = new byte[0];
    for (int done = 0, i = 1; done < length; i++) {
      byte[] block = new byte[t.length + info.length + 1];
      System.arraycopy(t, 0, block, 0, t.length);
      System.arraycopy(info, 0, block, t.length, info.length);
      block[block.length - 1] = (byte) i;
      t = hmacSha256(prk, block);
      int n = Math.min(t.length, length - done);
      System.arraycopy(t, 0, out, done, n);
      done += n;
    }
    return out;
  }

  /** AES-256-GCM decryption with a fresh JDK cipher, tag appended to the ciphertext. */
  static byte[] gcmOpen(byte[] key, byte[] nonce, byte[] aad, byte[] in, int off, int len)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    c.updateAAD(aad);
    return c.doFinal(in, off, len);
  }

  static byte[] randomBytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** A SecureRandom that replays a seeded java.util.Random, for reproducible tests only. */
  static SecureRandom seeded(long seed) {
    Random r = new Random(seed);
    return new SecureRandom() {
      private static final long serialVersionUID = 1L;

      @Override
      public void nextBytes(byte[] bytes) {
        r.nextBytes(bytes);
      }
    };
  }
}
