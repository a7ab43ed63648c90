package dev.holdfast.samples.v2;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * DELIBERATELY VULNERABLE TEST SAMPLE, never used at runtime: issues signed session tokens from a
 * predictable pseudo-random generator, signed with a key written in the source.
 */
public final class SessionTokens {
  private final Random random = new Random();
  private final SecretKeySpec signingKey =
      new SecretKeySpec("sample-signing-key".getBytes(StandardCharsets.UTF_8), "HmacSHA256");

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
