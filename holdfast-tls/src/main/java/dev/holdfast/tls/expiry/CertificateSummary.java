package dev.holdfast.tls.expiry;

import dev.holdfast.tls.material.Certificates;
import dev.holdfast.tls.material.SerialNumber;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * What a status display shows of a certificate: its names, issuer, serial and validity.
 *
 * @param alternativeNames the subject alternative names as "DNS:x", "IP:x", "URI:x"
 */
public record CertificateSummary(
    String subject,
    List<String> alternativeNames,
    String issuer,
    SerialNumber serial,
    Instant notBefore,
    Instant notAfter) {

  /** Copies the list. */
  public CertificateSummary {
    alternativeNames = List.copyOf(alternativeNames);
  }

  /** The summary of {@code certificate}. */
  public static CertificateSummary of(X509Certificate certificate) {
    return new CertificateSummary(
        Certificates.subject(certificate),
        Certificates.alternativeNames(certificate),
        Certificates.issuer(certificate),
        SerialNumber.of(certificate),
        certificate.getNotBefore().toInstant(),
        certificate.getNotAfter().toInstant());
  }
}
