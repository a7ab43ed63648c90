package dev.holdfast.tls.folder;

import dev.holdfast.tls.CertificateNotFoundException;
import dev.holdfast.tls.TlsException;
import dev.holdfast.tls.authority.Authority;
import dev.holdfast.tls.material.AtomicFiles;
import dev.holdfast.tls.material.AtomicFiles.Visibility;
import dev.holdfast.tls.material.CertifiedKey;
import dev.holdfast.tls.material.LeafFiles;
import dev.holdfast.tls.material.Pem;
import dev.holdfast.tls.material.TrustFiles;
import dev.holdfast.tls.renewal.LeafSpec;
import dev.holdfast.tls.renewal.RenewalOutcome;
import dev.holdfast.tls.renewal.RenewalPolicy;
import dev.holdfast.tls.renewal.Renewer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One peer's folder as the tls commands keep it: {@code tls.crt}, {@code tls.key}, {@code ca.crt}
 * and {@code crl.pem} (the layout of a Kubernetes TLS secret, which a reloader watches) and {@code
 * leaf.conf}, the spec its certificate is renewed by. After every issue, renewal or rotation the
 * authority's current trust bundle and CRLs are copied in, so a CA rotation and a revocation reach
 * the peer with its next renewal check.
 *
 * <p>Renewal takes each certificate's jitter from its serial, so that a check run from cron and the
 * status command agree on when it renews.
 */
public final class LeafFolder {
  private final Path folder;
  private final Authority authority;
  private final LeafSpec spec;
  private final Clock clock;
  private final Renewer renewer;

  private LeafFolder(Path folder, Authority authority, LeafSpec spec, Clock clock) {
    this.folder = folder;
    this.authority = Objects.requireNonNull(authority, "authority");
    this.spec = spec;
    this.clock = clock;
    this.renewer =
        new Renewer(authority, spec.request(), LeafFiles.in(folder), spec.policy(), clock);
  }

  /**
   * Makes {@code folder} a leaf folder (created owner-only when missing), writes {@code spec} and
   * issues a certificate now, replacing any that is there.
   */
  public static LeafFolder issue(Authority authority, Path folder, LeafSpec spec, Clock clock) {
    AtomicFiles.createPrivateFolder(folder);
    spec.write(folder);
    LeafFolder leaf = new LeafFolder(folder, authority, spec, clock);
    leaf.renewer.rotateNow(false);
    leaf.refreshTrust();
    return leaf;
  }

  /**
   * The leaf folder {@code folder}, as {@link #issue} made it.
   *
   * @throws CertificateNotFoundException when it holds no {@code leaf.conf}
   */
  public static LeafFolder open(Authority authority, Path folder, Clock clock) {
    if (!LeafSpec.existsIn(folder)) {
      throw new CertificateNotFoundException(
          folder
              + " is not a leaf folder: it has no "
              + LeafSpec.FILE
              + " (issue a certificate there first)");
    }
    return new LeafFolder(folder, authority, LeafSpec.read(folder), clock);
  }

  /** This folder renewed by {@code policy} from now on: the spec on disk is updated. */
  public LeafFolder withPolicy(RenewalPolicy policy) {
    LeafSpec changed = spec.withPolicy(policy);
    if (!changed.equals(spec)) {
      changed.write(folder);
    }
    return new LeafFolder(folder, authority, changed, clock);
  }

  /** Renews the certificate if it is due (see {@link Renewer#renewIfDue}), then copies trust in. */
  public RenewalOutcome renewIfDue() {
    RenewalOutcome outcome = renewer.renewIfDue();
    refreshTrust();
    return outcome;
  }

  /** Replaces the certificate and key now, whatever the schedule, then copies trust in. */
  public CertifiedKey rotateNow() {
    CertifiedKey fresh = renewer.rotateNow(false);
    refreshTrust();
    return fresh;
  }

  /**
   * Copies the authority's trust bundle and CRLs into the folder where they differ, CRLs first (as
   * {@link TrustFiles#write} orders them).
   */
  public void refreshTrust() {
    TrustFiles published = authority.trustFiles();
    TrustFiles mine = TrustFiles.in(folder);
    copyIfChanged(published.crls(), mine.crls(), "CRL file");
    copyIfChanged(published.bundle(), mine.bundle(), "trust bundle");
  }

  /** The certificate in the folder now (the leaf of {@code tls.crt}). */
  public X509Certificate certificate() {
    return Pem.readCertificates(LeafFiles.in(folder).certificate()).get(0);
  }

  /** When {@code certificate} of this folder is renewed. */
  public Instant renewAt(X509Certificate certificate) {
    return spec.policy().renewAt(certificate);
  }

  /** The folder. */
  public Path path() {
    return folder;
  }

  /** What its certificate names and when it renews. */
  public LeafSpec spec() {
    return spec;
  }

  private static void copyIfChanged(Path from, Path to, String what) {
    byte[] content = AtomicFiles.read(from, Pem.MAX_FILE_BYTES, what);
    try {
      if (Files.exists(to)
          && Arrays.equals(content, AtomicFiles.read(to, Pem.MAX_FILE_BYTES, what))) {
        return;
      }
    } catch (TlsException e) {
      // unreadable here: write it anew
    }
    AtomicFiles.write(to, content, Visibility.PUBLIC);
  }
}
