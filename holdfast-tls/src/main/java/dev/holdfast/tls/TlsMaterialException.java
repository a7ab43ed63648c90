package dev.holdfast.tls;

/**
 * A certificate, key, CRL or keystore file that does not hold what it should: damaged or truncated
 * PEM, no certificate, a private key that belongs to another certificate.
 */
public final class TlsMaterialException extends TlsException {
  public TlsMaterialException(String message) {
    super(Kind.MATERIAL, message);
  }

  public TlsMaterialException(String message, Throwable cause) {
    super(Kind.MATERIAL, message, cause);
  }
}
