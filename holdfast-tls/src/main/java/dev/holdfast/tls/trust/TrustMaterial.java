package dev.holdfast.tls.trust;

import dev.holdfast.tls.TlsMaterialException;
import dev.holdfast.tls.material.Algorithms;
import dev.holdfast.tls.material.Certificates;
import dev.holdfast.tls.material.Pem;
import dev.holdfast.tls.material.TrustFiles;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a peer trusts at one moment: the CA certificates of the trust bundle and the CRLs they
 * signed, each CRL tied to the CA whose key verified it. Immutable; a reload builds a new one.
 *
 * <p>A CRL whose issuer is not in the bundle is ignored (a retired CA's last CRL, read a moment
 * before the bundle that drops it); a CRL that claims a trusted CA's name but fails that CA's
 * signature refuses the whole material.
 */
public final class TrustMaterial {
  private final List<X509Certificate> anchors;
  private final Map<X509Certificate, List<X509CRL>> crlsByAnchor;

  private TrustMaterial(
      List<X509Certificate> anchors, Map<X509Certificate, List<X509CRL>> crlsByAnchor) {
    this.anchors = anchors;
    this.crlsByAnchor = crlsByAnchor;
  }

  /** Reads and checks the bundle and CRLs of {@code files}. */
  public static TrustMaterial load(TrustFiles files) {
    return of(files.readBundle(), files.readCrls(), source(files));
  }

  /** Checks the contents of {@code files}, read by the caller (no CRL bytes without a CRL file). */
  public static TrustMaterial parse(TrustFiles files, byte[] bundle, byte[] crls) {
    return of(
        Pem.parseCertificates(bundle, files.bundle().toString()),
        files.crls() == null ? List.of() : Pem.parseCrls(crls, files.crls().toString()),
        source(files));
  }

  private static String source(TrustFiles files) {
    return files.crlFile().map(c -> files.bundle() + " and " + c).orElse(files.bundle().toString());
  }

  /**
   * Checks and indexes trust material.
   *
   * @param source names where it came from, for messages
   * @throws TlsMaterialException when a bundle certificate is not a CA's or a CRL's signature fails
   */
  public static TrustMaterial of(List<X509Certificate> anchors, List<X509CRL> crls, String source) {
    if (anchors.isEmpty()) {
      throw new TlsMaterialException(source + ": the trust bundle holds no CA certificate");
    }
    for (X509Certificate anchor : anchors) {
      if (anchor.getBasicConstraints() < 0) {
        throw new TlsMaterialException(
            source
                + ": "
                + Certificates.describe(anchor)
                + " in the trust bundle is not a CA certificate");
      }
      Algorithms.requireSupportedKey(anchor.getPublicKey(), source);
    }
    Map<X509Certificate, List<X509CRL>> crlsByAnchor = new IdentityHashMap<>();
    for (X509CRL crl : crls) {
      List<X509Certificate> named = new ArrayList<>();
      for (X509Certificate anchor : anchors) {
        if (anchor.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
          named.add(anchor);
        }
      }
      if (named.isEmpty()) {
        continue;
      }
      X509Certificate signer =
          named.stream()
              .filter(a -> verifies(crl, a))
              .findFirst()
              .orElseThrow(
                  () ->
                      new TlsMaterialException(
                          source
                              + ": the CRL naming "
                              + crl.getIssuerX500Principal().getName()
                              + " is not signed by that CA"));
      crlsByAnchor.computeIfAbsent(signer, a -> new ArrayList<>()).add(crl);
    }
    return new TrustMaterial(List.copyOf(anchors), crlsByAnchor);
  }

  /** The trusted CA certificates, in bundle order. */
  public List<X509Certificate> anchors() {
    return anchors;
  }

  /** The CRLs signed by {@code anchor}. */
  public List<X509CRL> crlsOf(X509Certificate anchor) {
    return List.copyOf(crlsByAnchor.getOrDefault(anchor, List.of()));
  }

  /** The trusted CA whose key signed {@code certificate}, if any. */
  public Optional<X509Certificate> issuerOf(X509Certificate certificate) {
    for (X509Certificate anchor : anchors) {
      if (anchor.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
        try {
          certificate.verify(anchor.getPublicKey());
          return Optional.of(anchor);
        } catch (GeneralSecurityException e) {
          // same name, other key: a CA of another generation or an impostor; try the next
        }
      }
    }
    return Optional.empty();
  }

  /** The entry of a CRL of {@code issuer} that revokes {@code certificate}, if any. */
  public Optional<X509CRLEntry> revocationOf(X509Certificate certificate, X509Certificate issuer) {
    for (X509CRL crl : crlsByAnchor.getOrDefault(issuer, List.of())) {
      X509CRLEntry entry = crl.getRevokedCertificate(certificate.getSerialNumber());
      if (entry != null) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }

  /** "CN=Holdfast CA 1, CN=Holdfast CA 2": the trusted CAs for messages. */
  public String describeAnchors() {
    return String.join(", ", anchors.stream().map(Certificates::subject).toList());
  }

  private static boolean verifies(X509CRL crl, X509Certificate anchor) {
    try {
      crl.verify(anchor.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
