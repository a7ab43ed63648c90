package dev.holdfast.cli;

import dev.holdfast.core.UsageError;
import dev.holdfast.tls.material.LeafFiles;
import dev.holdfast.tls.material.TrustFiles;
import dev.holdfast.tls.reload.Reloader;
import dev.holdfast.tls.reload.SslContexts;
import dev.holdfast.tls.trust.PeerIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Where this process's TLS material is, for {@code https://} repositories and {@code serve}: its
 * certificate and key ({@code tls.crt}, {@code tls.key}, as {@code holdfast tls issue} writes them)
 * and the CAs its peer must chain to ({@code ca.crt}, with {@code crl.pem} when there is one). The
 * files are read again every {@link #POLL} while the process runs, so a renewed certificate or a
 * rotated CA is used by the next handshake, without a restart (docs/TLS.md).
 */
public final class TlsPeerOptions {
  /** How often the files are checked for new material. */
  public static final Duration POLL = Duration.ofSeconds(30);

  @Option(
      names = "--tls-dir",
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      description =
          "Folder with this process's certificate and key (tls.crt, tls.key) for https://"
              + " repositories and serve (else HOLDFAST_TLS_DIR).")
  Path tlsDir;

  @Option(
      names = "--tls-trust-dir",
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      description =
          "Folder with the CAs the peer must chain to (ca.crt, and crl.pem if any); default: the"
              + " --tls-dir folder (else HOLDFAST_TLS_TRUST_DIR).")
  Path trustDir;

  /** True when TLS material was named, by option or environment. */
  public boolean given() {
    return folder() != null;
  }

  /**
   * A TLS context over the named material that keeps itself current; the reloader it polls with
   * runs on a daemon thread for the life of the process.
   *
   * @throws UsageError when no material was named
   */
  public SSLContext context(String what) {
    Reloader reloader = reloader(what);
    reloader.poll(POLL);
    return SslContexts.reloading(reloader);
  }

  /**
   * For a process that may start before its certificate exists (the operator issues its own, and
   * Kubernetes projects the Secret later): empty while no material is named or its files are not
   * there yet; once they are, the same reloading context as {@link #context} from then on.
   */
  public Supplier<Optional<SSLContext>> whenPresent(String what) {
    AtomicReference<SSLContext> loaded = new AtomicReference<>();
    return () -> {
      SSLContext context = loaded.get();
      if (context != null) {
        return Optional.of(context);
      }
      Path dir = folder();
      if (dir == null
          || !Files.exists(dir.resolve("tls.crt"))
          || !Files.exists(dir.resolve("tls.key"))) {
        return Optional.empty();
      }
      synchronized (loaded) {
        if (loaded.get() == null) {
          loaded.set(context(what));
        }
        return Optional.of(loaded.get());
      }
    };
  }

  /**
   * A reloader over the named material, loaded and not yet polling: for a process that decides
   * itself when to read the files again ({@code serve}).
   *
   * @throws UsageError when no material was named
   */
  public Reloader reloader(String what) {
    Path dir = folder();
    if (dir == null) {
      throw new UsageError(
          what
              + " needs a client or server certificate: give --tls-dir DIR (tls.crt, tls.key,"
              + " and ca.crt there or in --tls-trust-dir)");
    }
    Path trust = trustDir != null ? trustDir : env("HOLDFAST_TLS_TRUST_DIR", dir);
    return Reloader.load(
        LeafFiles.in(dir), TrustFiles.in(trust), PeerIdentity.any(), Clock.systemUTC());
  }

  private Path folder() {
    return tlsDir != null ? tlsDir : env("HOLDFAST_TLS_DIR", null);
  }

  private static Path env(String name, Path otherwise) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? otherwise : Path.of(value);
  }
}
