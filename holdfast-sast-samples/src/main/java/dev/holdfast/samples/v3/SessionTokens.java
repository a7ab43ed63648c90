package dev.holdfast.samples.v3;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * TEST SAMPLE (fixed class of the deliberately vulnerable version 3), never used at runtime: issues
 * signed session tokens from a secure random generator, signed with a key the caller loads from
 * outside the source.
 */
public final class SessionTokens {
  private final SecureRandom random = new SecureRandom();
  private final SecretKeySpec signingKey;

  /** A token issuer signing with {@code signingKey} (HMAC-SHA256). */
  public SessionTokens(byte[] signingKey) {
    this.signingKey = new SecretKeySpec(signingKey, "HmacSHA256");
  }

  /** A new session token: a random id and its signature, as hex. */
  public String newToken() {
    byte[] id = new byte[16];
    random.nextBytes(id);
    return HexFormat.of().formatHex(id) + "." + HexFormat.of().formatHex(sign(id));
  }

  private byte[] sign(byte[] id) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(signingKey);
      return mac.doFinal(id);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
