package dev.holdfast.tls.trust;

import java.security.cert.CertificateException;

/**
 * A peer's certificate refused by {@link PeerVerifier}: the message names the certificate (subject
 * and serial) and the reason, and {@link #reason()} says which check failed, so a server can count
 * refusals by reason. It is a {@link CertificateException} because that is what JSSE expects from a
 * trust manager; JSSE turns it into the TLS alert the peer receives.
 */
public final class RefusedCertificateException extends CertificateException {
  private static final long serialVersionUID = 1L;

  /** Which check refused the certificate. */
  public enum Reason {
    /** The peer sent no certificate. */
    NO_CERTIFICATE,
    /** The certificate's notAfter has passed. */
    EXPIRED,
    /** The certificate's notBefore has not come yet. */
    NOT_YET_VALID,
    /** No CA in the trust bundle signed it. */
    UNTRUSTED_ISSUER,
    /** The CA that signed it is itself expired or not yet valid. */
    ISSUER_NOT_VALID,
    /** A CRL of its CA lists its serial. */
    REVOKED,
    /** Its key usage or extended key usage does not allow this role. */
    WRONG_USAGE,
    /** It does not name the identity (URI, DNS name, host) the peer must have. */
    WRONG_IDENTITY,
    /** Its key or signature algorithm is not accepted. */
    UNSUPPORTED_ALGORITHM,
    /** The certificate path fails standard validation (for example a critical extension). */
    INVALID_CHAIN
  }

  private final Reason reason;

  /** A refusal for {@code reason} with a message naming the certificate. */
  public RefusedCertificateException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** A refusal with the exception that revealed it. */
  public RefusedCertificateException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** Which check refused the certificate. */
  public Reason reason() {
    return reason;
  }
}
