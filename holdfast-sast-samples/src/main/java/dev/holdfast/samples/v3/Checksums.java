package dev.holdfast.samples.v3;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * DELIBERATELY VULNERABLE TEST SAMPLE, never used at runtime: checksums text with MD5, a broken
 * hash.
 */
public final class Checksums {

  /** The hex digest of the text's UTF-8 bytes. */
  public String digest(String text) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      return HexFormat.of().formatHex(md5.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this JVM", e);
    }
  }
}
