package dev.holdfast.tls.expiry;

import dev.holdfast.tls.InvalidRequestException;
import dev.holdfast.tls.TlsException;
import dev.holdfast.tls.TlsMaterialException;
import dev.holdfast.tls.TlsStorageException;
import dev.holdfast.tls.material.AtomicFiles;
import dev.holdfast.tls.material.KeyStoreFiles;
import dev.holdfast.tls.material.LeafFiles;
import dev.holdfast.tls.material.Pem;
import dev.holdfast.tls.renewal.LeafSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;

/**
 * Finds certificates and judges their expiry: in PEM or DER files, in every certificate file and
 * keystore of a folder, in PKCS#12 and JKS keystores, and in the chains live endpoints show. A
 * source that cannot be read is reported and the scan goes on with the next one.
 *
 * <p>A folder is read one level deep, by extension: {@code .crt}, {@code .pem}, {@code .cer} (PEM
 * or DER) and {@code .p12}, {@code .pfx}, {@code .jks} (keystores); names starting with a dot are
 * passed over (temporary files, and the {@code ..data} links of a mounted Kubernetes secret, whose
 * files appear under their own names too). A certificate file in such a folder that holds no
 * certificate (a key, a CRL) is skipped; named on its own it is an error.
 */
public final class ExpiryScanner {
  private static final Set<String> CERTIFICATE_EXTENSIONS = Set.of("crt", "pem", "cer");
  private static final Set<String> KEYSTORE_EXTENSIONS = Set.of("p12", "pfx", "jks");

  private final ExpiryThresholds thresholds;
  private final Clock clock;
  private final char[] keystorePassword;
  private final EndpointProbe probe;

  /**
   * A scanner judging at {@code clock} against {@code thresholds}.
   *
   * @param keystorePassword opens keystores; null when none was given, which makes every keystore a
   *     failure. Not copied: the caller clears it after the scan.
   */
  public ExpiryScanner(
      ExpiryThresholds thresholds, Clock clock, char[] keystorePassword, EndpointProbe probe) {
    this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.keystorePassword = keystorePassword;
    this.probe = Objects.requireNonNull(probe, "probe");
  }

  /** Scans command-line arguments: paths, or {@code host:port} (see {@link ScanTarget#parse}). */
  public ExpiryReport scanArguments(List<String> arguments) {
    Scan scan = new Scan(clock.instant());
    for (String argument : arguments) {
      try {
        scan.target(ScanTarget.parse(argument));
      } catch (TlsException e) {
        scan.failures.add(new ScanFailure(argument, e));
      }
    }
    return scan.report();
  }

  /** Scans {@code targets} in order. */
  public ExpiryReport scan(List<ScanTarget> targets) {
    Scan scan = new Scan(clock.instant());
    targets.forEach(scan::target);
    return scan.report();
  }

  /**
   * Certificates and CRLs a process holds in memory, with the file they were loaded from: what a
   * server serves and trusts now, which its files may no longer say while they are being replaced.
   */
  public record Loaded(Path file, List<X509Certificate> certificates, List<X509CRL> crls) {
    /** Copies the lists. */
    public Loaded {
      Objects.requireNonNull(file, "file");
      certificates = List.copyOf(certificates);
      crls = List.copyOf(crls);
    }
  }

  /**
   * Judges material held in memory as a scan of its files would: sources and positions are those of
   * the files named, and the first certificate of a {@code tls.crt} with a {@code leaf.conf} beside
   * it shows when Holdfast renews it.
   */
  public ExpiryReport judgeLoaded(List<Loaded> loaded) {
    Scan scan = new Scan(clock.instant());
    for (Loaded material : loaded) {
      scan.found(material.file(), new FileContents(material.certificates(), material.crls()));
    }
    return scan.report();
  }

  /**
   * Judges one certificate at {@code now}.
   *
   * @param renewAt when Holdfast renews it, for a leaf it keeps
   */
  public CertificateStatus judge(
      X509Certificate certificate, Origin origin, Optional<Instant> renewAt, Instant now) {
    CertificateSummary summary = CertificateSummary.of(certificate);
    Instant notBefore = summary.notBefore();
    Instant notAfter = summary.notAfter();
    return new CertificateStatus(
        origin,
        summary,
        Math.floorDiv(Duration.between(now, notAfter).getSeconds(), 86_400L),
        thresholds.verdict(notBefore, notAfter, now),
        thresholds.warnAt(notBefore, notAfter),
        thresholds.criticalAt(notBefore, notAfter),
        renewAt);
  }

  /** What a certificate file holds: certificates and CRLs (PEM), or one DER certificate. */
  private record FileContents(List<X509Certificate> certificates, List<X509CRL> crls) {}

  /**
   * The certificates and CRLs in a file: PEM (any number, other objects skipped) or one DER
   * certificate.
   *
   * @param allowNone whether a file with neither is returned empty (in a folder) rather than
   *     refused
   */
  private static FileContents read(Path file, boolean allowNone) {
    byte[] bytes = AtomicFiles.read(file, Pem.MAX_FILE_BYTES, "certificate file");
    String source = file.toString();
    boolean pem = new String(bytes, StandardCharsets.ISO_8859_1).contains("-----BEGIN ");
    if (pem || bytes.length == 0 || (bytes[0] & 0xff) != 0x30) {
      List<X509Certificate> certificates = Pem.certificatesIn(bytes, source);
      List<X509CRL> crls = Pem.crlsIn(bytes, source);
      if (certificates.isEmpty() && crls.isEmpty() && !allowNone) {
        Pem.parseCertificates(bytes, source); // refuses, saying what the file holds instead
      }
      return new FileContents(certificates, crls);
    }
    return new FileContents(der(bytes, source), List.of());
  }

  private static List<X509Certificate> der(byte[] bytes, String source) {
    try {
      List<X509Certificate> certificates = new ArrayList<>();
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes))) {
        certificates.add((X509Certificate) certificate);
      }
      if (certificates.isEmpty()) {
        throw new TlsMaterialException(source + ": no certificate in this DER file");
      }
      return certificates;
    } catch (CertificateException | ClassCastException e) {
      throw new TlsMaterialException(
          source + ": not PEM, and not a DER certificate (" + e.getMessage() + ")", e);
    }
  }

  /** The last name of {@code path}; empty for a root, which has none. */
  private static String nameOf(Path path) {
    Path name = path.getFileName();
    return name == null ? "" : name.toString();
  }

  private static String extension(Path file) {
    String name = nameOf(file);
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** One scan's findings, in the order of the targets. */
  private final class Scan {
    private final Instant now;
    private final List<CertificateStatus> certificates = new ArrayList<>();
    private final List<CrlStatus> crls = new ArrayList<>();
    private final List<ScanFailure> failures = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();

    Scan(Instant now) {
      this.now = now;
    }

    ExpiryReport report() {
      return new ExpiryReport(now, thresholds, certificates, crls, failures, skipped);
    }

    void target(ScanTarget target) {
      if (target instanceof ScanTarget.Remote remote) {
        endpoint(remote.endpoint());
      } else if (target instanceof ScanTarget.Local local) {
        path(local.path());
      }
    }

    private void endpoint(Endpoint endpoint) {
      try {
        List<X509Certificate> chain = probe.peerChain(endpoint);
        for (int i = 0; i < chain.size(); i++) {
          add(chain.get(i), Origin.endpoint(endpoint.toString(), i), Optional.empty());
        }
      } catch (TlsException e) {
        failures.add(new ScanFailure(endpoint.toString(), e));
      }
    }

    private void path(Path path) {
      if (Files.isDirectory(path)) {
        folder(path);
      } else {
        file(path, false);
      }
    }

    private void folder(Path folder) {
      List<Path> entries;
      try (Stream<Path> listing = Files.list(folder)) {
        entries = listing.sorted().toList();
      } catch (IOException e) {
        failures.add(
            new ScanFailure(
                folder.toString(),
                new TlsStorageException("listing folder " + folder + ": " + e.getMessage(), e)));
        return;
      }
      for (Path entry : entries) {
        String extension = extension(entry);
        boolean wanted =
            CERTIFICATE_EXTENSIONS.contains(extension) || KEYSTORE_EXTENSIONS.contains(extension);
        if (wanted && !nameOf(entry).startsWith(".") && Files.isRegularFile(entry)) {
          file(entry, true);
        }
      }
    }

    private void file(Path file, boolean inFolder) {
      try {
        if (KEYSTORE_EXTENSIONS.contains(extension(file))) {
          keystore(file);
          return;
        }
        found(file, read(file, inFolder));
      } catch (TlsException e) {
        failures.add(new ScanFailure(file.toString(), e));
      }
    }

    /** Records what {@code file} holds. */
    private void found(Path file, FileContents contents) {
      List<X509Certificate> chain = contents.certificates();
      for (int i = 0; i < contents.crls().size(); i++) {
        X509CRL crl = contents.crls().get(i);
        Instant nextUpdate =
            crl.getNextUpdate() == null ? Instant.MAX : crl.getNextUpdate().toInstant();
        crls.add(
            new CrlStatus(
                file.toString(),
                i,
                crl.getIssuerX500Principal().getName(X500Principal.RFC2253),
                crl.getThisUpdate().toInstant(),
                nextUpdate,
                crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size(),
                CrlStatus.judge(nextUpdate, now)));
      }
      if (chain.isEmpty()) {
        if (contents.crls().isEmpty()) {
          skipped.add(file.toString());
        }
        return;
      }
      Optional<LeafSpec> spec = managedSpec(file);
      for (int i = 0; i < chain.size(); i++) {
        X509Certificate certificate = chain.get(i);
        Optional<Instant> renewAt =
            i == 0 ? spec.map(s -> s.policy().renewAt(certificate)) : Optional.empty();
        add(certificate, Origin.file(file.toString(), i), renewAt);
      }
    }

    private void keystore(Path file) {
      if (keystorePassword == null) {
        throw new InvalidRequestException(file + ": a password is needed to read this keystore");
      }
      KeyStoreFiles.Contents contents = KeyStoreFiles.read(file, keystorePassword);
      for (Map.Entry<String, List<X509Certificate>> entry : contents.chains().entrySet()) {
        List<X509Certificate> chain = entry.getValue();
        for (int i = 0; i < chain.size(); i++) {
          add(chain.get(i), Origin.keystore(file.toString(), entry.getKey(), i), Optional.empty());
        }
      }
    }

    /** The spec of the leaf folder {@code file} is the certificate of, if it is one. */
    private Optional<LeafSpec> managedSpec(Path file) {
      Path folder = file.toAbsolutePath().getParent();
      if (!nameOf(file).equals(LeafFiles.CERTIFICATE_FILE)
          || folder == null
          || !LeafSpec.existsIn(folder)) {
        return Optional.empty();
      }
      try {
        return Optional.of(LeafSpec.read(folder));
      } catch (TlsException e) {
        failures.add(new ScanFailure(folder.resolve(LeafSpec.FILE).toString(), e));
        return Optional.empty();
      }
    }

    private void add(X509Certificate certificate, Origin origin, Optional<Instant> renewAt) {
      certificates.add(judge(certificate, origin, renewAt, now));
    }
  }
}
