package dev.holdfast.operator.certs;

import dev.holdfast.operator.metrics.OperatorMetrics;
import dev.holdfast.tls.expiry.CertificateSummary;
import dev.holdfast.tls.expiry.ExpiryThresholds;
import dev.holdfast.tls.metrics.CertificateMetrics;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * The gauges of the watched TLS Secrets, under the names {@code holdfast tls status --metrics} and
 * {@link CertificateMetrics} use (docs/TLS.md, "Metrics"), so one alert rule covers files and
 * Secrets; a certificate here is labelled by {@code namespace} and {@code secret} (the Kubernetes
 * way, matching kube-state-metrics) instead of a file {@code source}, plus {@code subject} and
 * {@code serial}. Values are computed at each scrape from what the watcher knows.
 */
final class TlsSecretMetrics {
  private static final String[] LABELS = {"namespace", "secret", "subject", "serial"};

  TlsSecretMetrics(
      OperatorMetrics metrics,
      Supplier<Collection<WatchedSecret>> secrets,
      ExpiryThresholds thresholds,
      Clock clock) {
    GaugeWithCallback.builder()
        .name(CertificateMetrics.EXPIRY)
        .help("When the certificate in the TLS Secret expires (its notAfter), seconds since epoch.")
        .labelNames(LABELS)
        .callback(
            callback -> each(secrets, (s, c) -> callback.call(seconds(c.notAfter()), labels(s, c))))
        .register(metrics.registry());
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
        .register(metrics.registry());
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
                            thresholds.verdict(c.notBefore(), c.notAfter(), clock.instant()).ready()
                                ? 1
                                : 0,
                            labels(s, c))))
        .register(metrics.registry());
    GaugeWithCallback.builder()
        .name(CertificateMetrics.SOURCE_UP)
        .help("1 when the TLS Secret's tls.crt could be read, else 0.")
        .labelNames("namespace", "secret")
        .callback(
            callback ->
                secrets
                    .get()
                    .forEach(
                        s ->
                            callback.call(
                                s.certificate().isPresent() ? 1 : 0, s.namespace(), s.name())))
        .register(metrics.registry());
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
