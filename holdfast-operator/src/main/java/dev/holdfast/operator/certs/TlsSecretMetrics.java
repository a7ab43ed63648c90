package dev.holdfast.operator.certs;

import dev.holdfast.operator.metrics.OperatorMetrics;
import dev.holdfast.tls.expiry.CertificateSummary;
import dev.holdfast.tls.expiry.ExpiryThresholds;
import dev.holdfast.tls.metrics.CertificateMetrics;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * The gauges of the watched TLS Secrets, under the names {@code holdfast tls status --metrics} and
 * {@link CertificateMetrics} use (docs/TLS.md, "Metrics"), so one alert rule covers files and
 * Secrets; a certificate here is labelled by {@code namespace} and {@code secret} (the Kubernetes
 * way, matching kube-state-metrics) instead of a file {@code source}, plus {@code subject} and
 * {@code serial}. Values are computed at each scrape from what the watcher knows. Closing removes
 * the gauges, so a replica that stops watching exports none (and may register them again).
 */
final class TlsSecretMetrics implements AutoCloseable {
  private static final String[] LABELS = {"namespace", "secret", "subject", "serial"};

  private final PrometheusRegistry registry;
  private final List<GaugeWithCallback> gauges = new ArrayList<>();

  TlsSecretMetrics(
      OperatorMetrics metrics,
      Supplier<Collection<WatchedSecret>> secrets,
      ExpiryThresholds thresholds,
      Clock clock) {
    this.registry = metrics.registry();
    gauges.add(
        GaugeWithCallback.builder()
            .name(CertificateMetrics.EXPIRY)
            .help("When the certificate in the Secret expires (its notAfter), seconds since epoch.")
            .labelNames(LABELS)
            .callback(
                callback ->
                    each(secrets, (s, c) -> callback.call(seconds(c.notAfter()), labels(s, c))))
            .build());
    gauges.add(
        GaugeWithCallback.builder()
            .name(CertificateMetrics.RENEWAL)
            .help(
                "When Holdfast renews the certificate (ManagedCertificate Secrets), seconds since epoch.")
            .labelNames(LABELS)
            .callback(
                callback ->
                    each(
                        secrets,
                        (s, c) ->
                            s.renewAt().ifPresent(at -> callback.call(seconds(at), labels(s, c)))))
            .build());
    gauges.add(
        GaugeWithCallback.builder()
            .name(CertificateMetrics.READY)
            .help("1 while the certificate is valid and not past the critical threshold, else 0.")
            .labelNames(LABELS)
            .callback(
                callback ->
                    each(
                        secrets,
                        (s, c) ->
                            callback.call(
                                thresholds
                                        .verdict(c.notBefore(), c.notAfter(), clock.instant())
                                        .ready()
                                    ? 1
                                    : 0,
                                labels(s, c))))
            .build());
    gauges.add(
        GaugeWithCallback.builder()
            .name(CertificateMetrics.SOURCE_UP)
            .help(
                "1 when the Secret's certificate (tls.crt, or the cluster CA's ca.crt) could be read.")
            .labelNames("namespace", "secret")
            .callback(
                callback ->
                    secrets
                        .get()
                        .forEach(
                            s ->
                                callback.call(
                                    s.certificate().isPresent() ? 1 : 0, s.namespace(), s.name())))
            .build());
    gauges.forEach(registry::register);
  }

  /** Removes the gauges from the registry. */
  @Override
  public void close() {
    gauges.forEach(registry::unregister);
  }

  private interface Each {
    void accept(WatchedSecret secret, CertificateSummary certificate);
  }

  private static void each(Supplier<Collection<WatchedSecret>> secrets, Each action) {
    for (WatchedSecret secret : secrets.get()) {
      secret.certificate().ifPresent(c -> action.accept(secret, c));
    }
  }

  private static String[] labels(WatchedSecret secret, CertificateSummary certificate) {
    return new String[] {
      secret.namespace(),
      secret.name(),
      CertificateMetrics.subjectLabel(certificate.subject()),
      certificate.serial().toString()
    };
  }

  private static double seconds(Instant instant) {
    return instant.getEpochSecond();
  }
}
