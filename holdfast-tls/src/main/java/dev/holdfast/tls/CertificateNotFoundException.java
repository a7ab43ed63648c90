package dev.holdfast.tls;

/**
 * A serial number or certificate that the authority did not issue, or whose certificate has already
 * expired; or a folder named as a leaf folder that holds no leaf spec.
 */
public final class CertificateNotFoundException extends TlsException {
  public CertificateNotFoundException(String message) {
    super(Kind.NOT_FOUND, message);
  }

  public CertificateNotFoundException(String message, Throwable cause) {
    super(Kind.NOT_FOUND, message, cause);
  }
}
