package dev.holdfast.sast.store;

import dev.holdfast.sast.finding.Finding;
import dev.holdfast.sast.finding.Fingerprint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The identity of one finding of one application across its versions and reports: 16 hex digits of
 * SHA-256 over the application, the tool's name and the {@link Fingerprint}. The tool's version is
 * left out, so upgrading a scanner does not make every finding new. Users name findings by it (or a
 * unique prefix) to waive them.
 */
public record FindingId(String hex) implements Comparable<FindingId> {
  /** Hex digits in an id. */
  public static final int LENGTH = 16;

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{" + LENGTH + "}");

  public FindingId {
    if (hex == null || !HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException("a finding id is " + LENGTH + " hex digits: " + hex);
    }
  }

  /** The id of {@code finding}, reported for {@code app}. */
  public static FindingId of(String app, Finding finding) {
    return of(app, finding.tool().name(), finding.ruleId(), finding.fingerprint());
  }

  /** The id of the finding {@code tool} reported under {@code rule} with {@code fingerprint}. */
  public static FindingId of(String app, String tool, String rule, Fingerprint fingerprint) {
    String input =
        String.join(
            "\n",
            "holdfast-finding-v1",
            app,
            tool,
            rule,
            fingerprint.source().name(),
            fingerprint.value());
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
      return new FindingId(HexFormat.of().formatHex(digest, 0, LENGTH / 2));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The id's 64 bits (its hex digits as an unsigned number), for compact forms such as caches. */
  public long bits() {
    return Long.parseUnsignedLong(hex, 16);
  }

  /** The id whose {@link #bits()} are {@code bits}. */
  public static FindingId ofBits(long bits) {
    return new FindingId(HexFormat.of().toHexDigits(bits));
  }

  @Override
  public int compareTo(FindingId other) {
    return hex.compareTo(other.hex);
  }

  @Override
  public String toString() {
    return hex;
  }
}
