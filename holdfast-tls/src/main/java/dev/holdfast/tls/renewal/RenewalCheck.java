package dev.holdfast.tls.renewal;

import dev.holdfast.tls.ca.LeafRequest;
import dev.holdfast.tls.material.Certificates;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules by which a certificate in use is due for replacement, whoever keeps it: the {@link
 * Renewer} over files and the operator over Kubernetes Secrets apply the same ones, in this order:
 * signed by a CA that no longer signs (a CA rotation is re-issuing), names other identities than
 * the request, or its renewal time has come.
 */
public final class RenewalCheck {
  private RenewalCheck() {}

  /**
   * Why {@code certificate} must be replaced at {@code now}, or empty while it is good.
   *
   * @param request what the certificate should say
   * @param signing the CA certificate that signs leaves now
   * @param renewAt the certificate's renewal time (jitter included)
   * @param policy the policy {@code renewAt} comes from, for the message
   */
  public static Optional<String> due(
      X509Certificate certificate,
      LeafRequest request,
      X509Certificate signing,
      Instant renewAt,
      RenewalPolicy policy,
      Instant now) {
    if (!signedBy(certificate, signing)) {
      return Optional.of(
          "it was signed by "
              + Certificates.issuer(certificate)
              + ", but "
              + Certificates.subject(signing)
              + " signs now");
    }
    if (!requestedNames(request).equals(sorted(Certificates.alternativeNames(certificate)))) {
      return Optional.of(
          "it names " + Certificates.alternativeNames(certificate) + ", not what is requested");
    }
    if (!now.isBefore(renewAt)) {
      return Optional.of("its renewal time " + renewAt + " has come (" + policy.describe() + ")");
    }
    return Optional.empty();
  }

  /** Whether {@code certificate} names {@code ca} as its issuer and carries its signature. */
  public static boolean signedBy(X509Certificate certificate, X509Certificate ca) {
    if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
      return false;
    }
    try {
      certificate.verify(ca.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static List<String> requestedNames(LeafRequest request) {
    List<String> names = new ArrayList<>();
    request.dnsNames().forEach(n -> names.add("DNS:" + n));
    request.ipAddresses().forEach(n -> names.add("IP:" + n));
    request.uris().forEach(n -> names.add("URI:" + n));
    return sorted(names);
  }

  private static List<String> sorted(List<String> names) {
    List<String> copy = new ArrayList<>(names);
    copy.sort(null);
    return copy;
  }
}
