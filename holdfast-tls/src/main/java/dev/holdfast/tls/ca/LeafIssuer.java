package dev.holdfast.tls.ca;

import dev.holdfast.tls.material.CertifiedKey;
import dev.holdfast.tls.material.SerialNumber;
import java.security.cert.X509Certificate;

/**
 * What renewal needs from a certificate authority: issue a leaf (with a fresh key pair), say which
 * CA signs now, and revoke a serial. Implementations are safe for use by several threads.
 */
public interface LeafIssuer {
  /**
   * Issues a new leaf certificate with a new private key.
   *
   * @throws dev.holdfast.tls.OperationRefusedException when the authority cannot issue now
   */
  CertifiedKey issue(LeafRequest request);

  /** The CA certificate that signs leaves issued now; a leaf signed by another is due. */
  X509Certificate signingCertificate();

  /**
   * Revokes {@code serial}: the next published CRL lists it. Revoking twice is harmless.
   *
   * @throws dev.holdfast.tls.CertificateNotFoundException when the serial is unknown or expired
   */
  void revoke(SerialNumber serial, RevocationReason reason);
}
