package dev.holdfast.operator.certs;

import dev.holdfast.tls.authority.RotationState;
import dev.holdfast.tls.ca.CertificateAuthority;
import dev.holdfast.tls.material.Pem;
import dev.holdfast.tls.material.SerialNumber;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The cluster CA as one version of its Secret says: where the rotation stands, the CA that signs
 * leaves now (opened) and the CA certificates peers must trust, signing CA first.
 */
public record CaSnapshot(
    RotationState state, CertificateAuthority signing, List<X509Certificate> trusted) {
  /** Copies the list. */
  public CaSnapshot {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(signing, "signing");
    trusted = List.copyOf(trusted);
  }

  /** The trust bundle as PEM: what every leaf Secret's {@code ca.crt} holds. */
  public byte[] bundle() {
    return Pem.encodeCertificates(trusted);
  }

  /**
   * The serial numbers of the trusted CAs (hex), sorted and comma-separated: it changes when the
   * set of trusted CAs does, not when a rotation step only reorders them.
   */
  public String bundleId() {
    return trusted.stream()
        .map(c -> SerialNumber.of(c).toString())
        .sorted()
        .collect(Collectors.joining(","));
  }
}
