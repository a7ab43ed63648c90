package dev.holdfast.tls;

/**
 * A key, curve, key size or signature algorithm that Holdfast does not accept (it accepts ECDSA
 * P-256/P-384 and RSA of at least 2048 bits, signed with SHA-256 or stronger).
 */
public final class UnsupportedAlgorithmException extends TlsException {
  public UnsupportedAlgorithmException(String message) {
    super(Kind.UNSUPPORTED, message);
  }

  public UnsupportedAlgorithmException(String message, Throwable cause) {
    super(Kind.UNSUPPORTED, message, cause);
  }
}
