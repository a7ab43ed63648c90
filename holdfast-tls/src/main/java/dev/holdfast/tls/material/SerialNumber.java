package dev.holdfast.tls.material;

import dev.holdfast.tls.InvalidRequestException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Locale;

/**
 * A certificate serial number, printed as lower-case hex (the form {@code openssl x509 -serial}
 * prints, without leading zeros), which is how users name a certificate to revoke.
 */
public record SerialNumber(BigInteger value) {

  /** Validates: serial numbers are positive (RFC 5280 section 4.1.2.2). */
  public SerialNumber {
    if (value == null || value.signum() <= 0) {
      throw new InvalidRequestException("a certificate serial number is a positive integer");
    }
  }

  /** The serial of {@code certificate}. */
  public static SerialNumber of(X509Certificate certificate) {
    return new SerialNumber(certificate.getSerialNumber());
  }

  /**
   * Parses hex as printed by {@link #toString()} or by openssl; colons and a {@code 0x} prefix are
   * accepted.
   */
  public static SerialNumber parse(String hex) {
    String digits = hex.strip().replace(":", "").toLowerCase(Locale.ROOT);
    if (digits.startsWith("0x")) {
      digits = digits.substring(2);
    }
    if (digits.isEmpty() || digits.length() > 40 || !digits.matches("[0-9a-f]+")) {
      throw new InvalidRequestException(
          "not a certificate serial number: '" + hex + "' (expected up to 40 hex digits)");
    }
    return new SerialNumber(new BigInteger(digits, 16));
  }

  @Override
  public String toString() {
    return value.toString(16);
  }
}
