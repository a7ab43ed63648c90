package dev.holdfast.s3;

import dev.holdfast.core.UsageError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates of a PEM file, as the only authorities an S3 connection trusts: a private
 * endpoint's CA replaces the system's, as {@code curl --cacert} does, so a bundle names exactly who
 * may serve the repository.
 */
final class CaBundle {
  /** A CA bundle larger than this is not a CA bundle. */
  private static final long MAX_BYTES = 4L * 1024 * 1024;

  private CaBundle() {}

  /**
   * Trust managers that accept the certificates in {@code pemFile}.
   *
   * @throws UsageError when the file is missing, unreadable, too large or holds no certificate
   */
  static TrustManager[] trustManagers(Path pemFile) {
    Collection<? extends Certificate> certificates = read(pemFile);
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory.getTrustManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a trust store from " + pemFile, e);
    }
  }

  private static Collection<? extends Certificate> read(Path pemFile) {
    try {
      if (Files.size(pemFile) > MAX_BYTES) {
        throw new UsageError("CA bundle " + pemFile + " is larger than 4 MiB");
      }
      Collection<? extends Certificate> certificates;
      try (InputStream in = Files.newInputStream(pemFile)) {
        certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
      }
      if (certificates.isEmpty()
          || !certificates.stream().allMatch(c -> c instanceof X509Certificate)) {
        throw new UsageError("CA bundle " + pemFile + " holds no PEM certificate");
      }
      return certificates;
    } catch (NoSuchFileException e) {
      throw new UsageError("CA bundle " + pemFile + " does not exist");
    } catch (IOException e) {
      throw new UsageError("cannot read CA bundle " + pemFile + ": " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new UsageError(
          "CA bundle " + pemFile + " is not a PEM certificate file: " + e.getMessage());
    }
  }
}
