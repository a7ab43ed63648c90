package dev.holdfast.tls.metrics;

import dev.holdfast.tls.expiry.CertificateStatus;
import dev.holdfast.tls.expiry.CertificateSummary;
import dev.holdfast.tls.expiry.CrlStatus;
import dev.holdfast.tls.expiry.ExpiryReport;
import dev.holdfast.tls.expiry.ScanFailure;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The certificate gauges (docs/TLS.md, "Metrics"), one series per certificate and source:
 *
 * <ul>
 *   <li>{@value #EXPIRY}: its notAfter, in seconds since the epoch;
 *   <li>{@value #RENEWAL}: when Holdfast renews it, for the leaves it keeps;
 *   <li>{@value #READY}: 1 while it is valid and not past the critical threshold, else 0, judged at
 *       each scrape;
 *   <li>{@value #CRL_NEXT_UPDATE}: when each CRL found is due to be replaced (labels {@code
 *       source}, {@code issuer});
 *   <li>{@value #SOURCE_UP}: per scanned source, 1 when it could be read, else 0.
 * </ul>
 *
 * <p>Labels are {@code source} (file, {@code file#alias} or {@code host:port}), {@code subject}
 * (the common name, else the distinguished name, cut to 64 characters) and {@code serial}. The
 * serial changes at every renewal, so each {@link #update} replaces all series: a scrape sees the
 * last scan whole, never a mix, and superseded certificates leave. Thread-safe.
 */
public final class CertificateMetrics {
  /** Expiry gauge name. */
  public static final String EXPIRY = "holdfast_tls_certificate_expiry_timestamp_seconds";

  /** Renewal gauge name. */
  public static final String RENEWAL = "holdfast_tls_certificate_renewal_timestamp_seconds";

  /** Readiness gauge name. */
  public static final String READY = "holdfast_tls_certificate_ready";

  /** CRL gauge name. */
  public static final String CRL_NEXT_UPDATE = "holdfast_tls_crl_next_update_timestamp_seconds";

  /** Source gauge name. */
  public static final String SOURCE_UP = "holdfast_tls_source_up";

  private static final int MAX_SUBJECT = 64;
  private static final String[] LABELS = {"source", "subject", "serial"};

  private final PrometheusRegistry registry;
  private final Clock clock;
  private final AtomicReference<ExpiryReport> last = new AtomicReference<>();

  /** Registers the gauges in {@code registry}; {@code clock} judges readiness at each scrape. */
  public CertificateMetrics(PrometheusRegistry registry, Clock clock) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.clock = Objects.requireNonNull(clock, "clock");
    GaugeWithCallback.builder()
        .name(EXPIRY)
        .help("When the certificate expires (its notAfter), in seconds since the epoch.")
        .labelNames(LABELS)
        .callback(
            callback ->
                each((c, r) -> callback.call(seconds(c.certificate().notAfter()), labels(c))))
        .register(registry);
    GaugeWithCallback.builder()
        .name(RENEWAL)
        .help("When Holdfast renews the certificate, in seconds since the epoch (leaves it keeps).")
        .labelNames(LABELS)
        .callback(
            callback ->
                each((c, r) -> c.renewAt().ifPresent(at -> callback.call(seconds(at), labels(c)))))
        .register(registry);
    GaugeWithCallback.builder()
        .name(READY)
        .help("1 while the certificate is valid and not past the critical threshold, else 0.")
        .labelNames(LABELS)
        .callback(callback -> each((c, r) -> callback.call(ready(c, r) ? 1 : 0, labels(c))))
        .register(registry);
    GaugeWithCallback.builder()
        .name(CRL_NEXT_UPDATE)
        .help("When the CRL is due to be replaced (its nextUpdate), in seconds since the epoch.")
        .labelNames("source", "issuer")
        .callback(
            callback ->
                crls().forEach((labels, at) -> callback.call(at, labels.get(0), labels.get(1))))
        .register(registry);
    GaugeWithCallback.builder()
        .name(SOURCE_UP)
        .help("1 when the certificate source (file, keystore, endpoint) could be read, else 0.")
        .labelNames("source")
        .callback(callback -> sources().forEach((source, up) -> callback.call(up ? 1 : 0, source)))
        .register(registry);
  }

  /** Gauges in a registry of their own, for a one-off text exposition. */
  public static CertificateMetrics standalone(Clock clock) {
    return new CertificateMetrics(new PrometheusRegistry(), clock);
  }

  /** Replaces every series with those of {@code report}. */
  public void update(ExpiryReport report) {
    last.set(Objects.requireNonNull(report, "report"));
  }

  /** The registry the gauges are in, for a server to expose on {@code /metrics}. */
  public PrometheusRegistry registry() {
    return registry;
  }

  /** Writes the registry in the Prometheus text format (version 0.0.4) to {@code out}. */
  public void writeText(OutputStream out) throws IOException {
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
  }

  /** The registry in the Prometheus text format, as node_exporter's textfile collector reads it. */
  public String text() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writeText(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // an in-memory stream does not fail
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Each certificate of the last report (once per source and serial), with the report. */
  private void each(BiConsumer<CertificateStatus, ExpiryReport> action) {
    ExpiryReport report = last.get();
    if (report == null) {
      return;
    }
    Set<List<String>> seen = new HashSet<>();
    for (CertificateStatus status : report.certificates()) {
      if (seen.add(List.of(labels(status)))) {
        action.accept(status, report);
      }
    }
  }

  /** Each CRL's labels (source, issuer) with its nextUpdate in seconds; the first of a pair. */
  private Map<List<String>, Double> crls() {
    Map<List<String>, Double> crls = new LinkedHashMap<>();
    ExpiryReport report = last.get();
    if (report != null) {
      for (CrlStatus crl : report.crls()) {
        crls.putIfAbsent(
            List.of(crl.source(), subjectLabel(crl.issuer())), seconds(crl.nextUpdate()));
      }
    }
    return crls;
  }

  private Map<String, Boolean> sources() {
    Map<String, Boolean> up = new LinkedHashMap<>();
    ExpiryReport report = last.get();
    if (report == null) {
      return up;
    }
    for (CertificateStatus status : report.certificates()) {
      up.putIfAbsent(status.origin().location(), true);
    }
    for (CrlStatus crl : report.crls()) {
      up.putIfAbsent(crl.source(), true);
    }
    for (ScanFailure failure : report.failures()) {
      up.put(failure.source(), false);
    }
    return up;
  }

  private boolean ready(CertificateStatus status, ExpiryReport report) {
    CertificateSummary certificate = status.certificate();
    return report
        .thresholds()
        .verdict(certificate.notBefore(), certificate.notAfter(), clock.instant())
        .ready();
  }

  private static String[] labels(CertificateStatus status) {
    return new String[] {
      status.origin().source(),
      subjectLabel(status.certificate().subject()),
      status.certificate().serial().toString()
    };
  }

  /**
   * The {@code subject} label of a certificate whose RFC 2253 subject is {@code subject}: the
   * common name when there is one, else the whole name; at most 64 characters. Public so that other
   * exporters of these gauges (the operator's TLS Secret watcher) label certificates alike.
   */
  public static String subjectLabel(String subject) {
    String label = subject;
    try {
      for (Rdn rdn : new LdapName(subject).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          label = String.valueOf(rdn.getValue());
        }
      }
    } catch (InvalidNameException e) {
      // not an RFC 2253 name ("(no subject)"): the label is the text itself
    }
    return label.length() > MAX_SUBJECT ? label.substring(0, MAX_SUBJECT) : label;
  }

  private static double seconds(Instant instant) {
    return instant.equals(Instant.MAX) ? Double.POSITIVE_INFINITY : instant.getEpochSecond();
  }
}
