package dev.holdfast.cli.serve;

import dev.holdfast.cli.Times;
import dev.holdfast.core.concurrent.DaemonThreads;
import dev.holdfast.server.metrics.ServerMetrics;
import dev.holdfast.tls.expiry.EndpointProbe;
import dev.holdfast.tls.expiry.ExpiryScanner;
import dev.holdfast.tls.expiry.ExpiryThresholds;
import dev.holdfast.tls.material.CertifiedKey;
import dev.holdfast.tls.material.TrustFiles;
import dev.holdfast.tls.metrics.CertificateMetrics;
import dev.holdfast.tls.reload.ReloadReport;
import dev.holdfast.tls.reload.Reloader;
import dev.holdfast.tls.reload.SslContexts;
import dev.holdfast.tls.trust.TrustMaterial;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * The server's TLS material as {@code holdfast serve} keeps it current: the files are read again
 * every interval and at once when asked ({@link #reloadNow}, on SIGHUP); each reload that takes new
 * material is printed with the certificate's serial and expiry and counted in {@link
 * ServerMetrics}, files that cannot be used are warned about (once until they change) and counted
 * as failed, and the certificate gauges always show what is served now, not what the files say.
 * Owns one thread, on which every reload runs; closing stops it.
 */
public final class ServedTls implements AutoCloseable {
  private final Reloader reloader;
  private final SSLContext context;
  private final ServerMetrics metrics;
  private final CertificateMetrics certificates;
  private final ExpiryScanner scanner;
  private final Clock clock;
  private final Consumer<String> lines;
  private final Consumer<String> warnings;
  private final ScheduledExecutorService thread;

  /** The failures last warned about; only the reload thread touches it. */
  private String lastFailures = "";

  private ServedTls(
      Reloader reloader,
      ServerMetrics metrics,
      CertificateMetrics certificates,
      Clock clock,
      Consumer<String> lines,
      Consumer<String> warnings) {
    this.reloader = reloader;
    this.context = SslContexts.reloading(reloader);
    this.metrics = metrics;
    this.certificates = certificates;
    this.scanner =
        new ExpiryScanner(
            ExpiryThresholds.DEFAULT,
            clock,
            null,
            new EndpointProbe(EndpointProbe.DEFAULT_TIMEOUT));
    this.clock = clock;
    this.lines = lines;
    this.warnings = warnings;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("holdfast-serve-tls"));
  }

  /**
   * Serves what {@code reloader} loaded and reads its files again every {@code interval}; reloads
   * are printed to {@code lines}, unusable files to {@code warnings}.
   */
  public static ServedTls start(
      Reloader reloader,
      Duration interval,
      ServerMetrics metrics,
      CertificateMetrics certificates,
      Clock clock,
      Consumer<String> lines,
      Consumer<String> warnings) {
    Objects.requireNonNull(interval, "interval");
    ServedTls served =
        new ServedTls(
            Objects.requireNonNull(reloader, "reloader"),
            Objects.requireNonNull(metrics, "metrics"),
            Objects.requireNonNull(certificates, "certificates"),
            Objects.requireNonNull(clock, "clock"),
            Objects.requireNonNull(lines, "lines"),
            Objects.requireNonNull(warnings, "warnings"));
    metrics.tlsLoaded(clock.instant());
    served.updateGauges();
    long millis = interval.toMillis();
    served.thread.scheduleWithFixedDelay(served::reload, millis, millis, TimeUnit.MILLISECONDS);
    return served;
  }

  /** The context the server hands out: always the material in force. */
  public SSLContext context() {
    return context;
  }

  /** Reads the files again now, on the reload thread (returns at once). */
  public void reloadNow() {
    try {
      thread.execute(this::reload);
    } catch (RejectedExecutionException e) {
      // closed: the server is stopping
    }
  }

  /** The certificate served and the CAs trusted, for a line at start. */
  public String describe() {
    return describeCertificate() + "; " + describeTrust();
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }

  private void reload() {
    ReloadReport report;
    try {
      report = reloader.reload();
    } catch (RuntimeException e) {
      // never let one bad read end the schedule: the material in force stays
      report = new ReloadReport(false, false, List.of("reading the TLS files failed: " + e));
    }
    String now = Times.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    if (report.changed()) {
      metrics.tlsReloaded(clock.instant());
      updateGauges();
      List<String> what = new ArrayList<>();
      if (report.leafReloaded()) {
        what.add(describeCertificate());
      }
      if (report.trustReloaded()) {
        what.add(describeTrust());
      }
      lines.accept(now + " reloaded TLS material: " + String.join("; ", what));
    }
    String failures = String.join("; ", report.failures());
    if (!failures.isEmpty()) {
      metrics.tlsReloadFailed();
      if (!failures.equals(lastFailures)) {
        warnings.accept(now + " TLS material not reloaded: " + failures);
      }
    }
    lastFailures = failures;
  }

  private String describeCertificate() {
    CertifiedKey served = reloader.keyManager().current();
    X509Certificate certificate = served.certificate();
    return "certificate "
        + certificate.getSubjectX500Principal().getName()
        + " serial "
        + served.serial()
        + ", valid until "
        + Times.format(certificate.getNotAfter().toInstant());
  }

  private String describeTrust() {
    TrustMaterial trust = reloader.trustManager().current();
    List<String> names = new ArrayList<>();
    for (X509Certificate anchor : trust.anchors()) {
      names.add(anchor.getSubjectX500Principal().getName());
    }
    int crls = crls(trust).size();
    return "trusting " + String.join(", ", names) + " (" + crls + (crls == 1 ? " CRL)" : " CRLs)");
  }

  /** The gauges of what is served now: the certificate chain, the trusted CAs, their CRLs. */
  private void updateGauges() {
    TrustMaterial trust = reloader.trustManager().current();
    TrustFiles trustFiles = reloader.trustFiles();
    List<ExpiryScanner.Loaded> loaded = new ArrayList<>();
    loaded.add(
        new ExpiryScanner.Loaded(
            reloader.leafFiles().certificate(),
            reloader.keyManager().current().chain(),
            List.of()));
    loaded.add(new ExpiryScanner.Loaded(trustFiles.bundle(), trust.anchors(), List.of()));
    List<X509CRL> crls = crls(trust);
    Optional<Path> crlFile = trustFiles.crlFile();
    if (crlFile.isPresent() && !crls.isEmpty()) {
      loaded.add(new ExpiryScanner.Loaded(crlFile.get(), List.of(), crls));
    }
    certificates.update(scanner.judgeLoaded(loaded));
  }

  private static List<X509CRL> crls(TrustMaterial trust) {
    Set<X509CRL> crls = new LinkedHashSet<>();
    for (X509Certificate anchor : trust.anchors()) {
      crls.addAll(trust.crlsOf(anchor));
    }
    return List.copyOf(crls);
  }
}
