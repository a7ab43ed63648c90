package dev.holdfast.tls.testing;

import dev.holdfast.tls.authority.Authority;
import dev.holdfast.tls.ca.LeafIssuer;
import dev.holdfast.tls.ca.LeafRequest;
import dev.holdfast.tls.material.CertifiedKey;
import dev.holdfast.tls.material.LeafFiles;
import dev.holdfast.tls.material.TrustFiles;
import dev.holdfast.tls.reload.ReloadReport;
import dev.holdfast.tls.reload.Reloader;
import dev.holdfast.tls.reload.SslContexts;
import dev.holdfast.tls.renewal.RenewalOutcome;
import dev.holdfast.tls.renewal.RenewalPolicy;
import dev.holdfast.tls.renewal.Renewer;
import dev.holdfast.tls.trust.PeerIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Random;
import javax.net.ssl.SSLContext;

/**
 * One TLS peer as a component runs it: its own folder with {@code tls.crt}, {@code tls.key}, {@code
 * ca.crt} and {@code crl.pem} (as a mounted Kubernetes secret would be), a renewer against the
 * authority, a reloader over the folder and a reloading SSLContext. Trust files reach the peer only
 * when the test calls {@link #pullTrust()}, so peers can pick up a new bundle at different moments.
 */
public final class TlsPeer implements AutoCloseable {
  private final Path folder;
  private final Authority authority;
  private final Renewer renewer;
  private final Reloader reloader;
  private final SSLContext context;

  private TlsPeer(Path folder, Authority authority, Renewer renewer, Reloader reloader) {
    this.folder = folder;
    this.authority = authority;
    this.renewer = renewer;
    this.reloader = reloader;
    this.context = SslContexts.reloading(reloader);
  }

  /** A peer for {@code request}, its first certificate issued now, trusting the current bundle. */
  public static TlsPeer start(
      Path folder,
      Authority authority,
      LeafRequest request,
      PeerIdentity expected,
      Clock clock,
      long seed) {
    return start(folder, authority, authority, request, expected, clock, seed);
  }

  /**
   * A peer whose certificate comes from {@code issuer} while it trusts what {@code authority}
   * publishes (a peer of another authority, for the wrong-CA case).
   */
  public static TlsPeer start(
      Path folder,
      LeafIssuer issuer,
      Authority authority,
      LeafRequest request,
      PeerIdentity expected,
      Clock clock,
      long seed) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Renewer renewer =
        new Renewer(
            issuer, request, LeafFiles.in(folder), RenewalPolicy.DEFAULT, clock, new Random(seed));
    renewer.renewIfDue();
    copyTrust(authority, folder);
    Reloader reloader = Reloader.load(LeafFiles.in(folder), TrustFiles.in(folder), expected, clock);
    return new TlsPeer(folder, authority, renewer, reloader);
  }

  /** Copies the authority's current trust bundle and CRLs into this peer's folder. */
  public void pullTrust() {
    copyTrust(authority, folder);
  }

  /** Reloads whatever changed in the folder. */
  public ReloadReport reload() {
    return reloader.reload();
  }

  /** Pulls trust and reloads: the peer is up to date with the authority. */
  public ReloadReport refresh() {
    pullTrust();
    return reload();
  }

  public RenewalOutcome renewIfDue() {
    return renewer.renewIfDue();
  }

  /** Rotates the certificate now (optionally revoking the old one) and reloads it. */
  public CertifiedKey rotateNow(boolean revokeOld) {
    CertifiedKey fresh = renewer.rotateNow(revokeOld);
    reloader.reload();
    return fresh;
  }

  /** The material the peer serves now. */
  public CertifiedKey serving() {
    return reloader.keyManager().current();
  }

  public SSLContext context() {
    return context;
  }

  public Path folder() {
    return folder;
  }

  public Reloader reloader() {
    return reloader;
  }

  @Override
  public void close() {
    reloader.close();
  }

  private static void copyTrust(Authority authority, Path folder) {
    TrustFiles published = authority.trustFiles();
    TrustFiles mine = TrustFiles.in(folder);
    try {
      Files.copy(published.crls(), mine.crls(), StandardCopyOption.REPLACE_EXISTING);
      Files.copy(published.bundle(), mine.bundle(), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
