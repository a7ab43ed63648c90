package dev.holdfast.tls.material;

import dev.holdfast.tls.material.AtomicFiles.Visibility;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Where a peer finds what it trusts: a PEM bundle of every trusted CA certificate ({@code ca.crt})
 * and, optionally, a PEM file of the CRLs those CAs signed ({@code crl.pem}).
 *
 * @param crls the CRL file, or null where revocation lists are not used
 */
public record TrustFiles(Path bundle, Path crls) {
  /** Name of the trust bundle in a folder laid out like a Kubernetes TLS secret. */
  public static final String BUNDLE_FILE = "ca.crt";

  /** Name of the CRL file beside it. */
  public static final String CRL_FILE = "crl.pem";

  /** {@code ca.crt} and {@code crl.pem} in {@code folder}. */
  public static TrustFiles in(Path folder) {
    return new TrustFiles(folder.resolve(BUNDLE_FILE), folder.resolve(CRL_FILE));
  }

  /** The CRL file, when revocation lists are used. */
  public Optional<Path> crlFile() {
    return Optional.ofNullable(crls);
  }

  /** The trusted CA certificates. */
  public List<X509Certificate> readBundle() {
    return Pem.readCertificates(bundle);
  }

  /**
   * The CRLs; none when no CRL file is configured. A configured file that is missing is an error,
   * not an empty list: losing the file must not quietly un-revoke certificates.
   */
  public List<X509CRL> readCrls() {
    return crls == null ? List.of() : Pem.readCrls(crls);
  }

  /**
   * Writes the CRLs and then the bundle, each atomically. A reader in between sees CRLs that may
   * name a CA not in its bundle yet, which trust material ignores.
   */
  public void write(List<X509Certificate> trusted, List<X509CRL> revocationLists) {
    if (crls != null) {
      AtomicFiles.write(crls, Pem.encodeCrls(revocationLists), Visibility.PUBLIC);
    }
    AtomicFiles.write(bundle, Pem.encodeCertificates(trusted), Visibility.PUBLIC);
  }
}
