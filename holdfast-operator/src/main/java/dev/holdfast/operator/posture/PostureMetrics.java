package dev.holdfast.operator.posture;

import dev.holdfast.operator.api.SecurityReport;
import dev.holdfast.operator.api.SecurityReportStatus;
import dev.holdfast.operator.metrics.OperatorMetrics;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The posture gauges, read at each scrape from the SecurityReports' status (so they survive an
 * operator restart and leave with a deleted report):
 *
 * <ul>
 *   <li>{@value #FINDINGS}{@code {app,version,severity}}: open (unwaived) findings of the version;
 *   <li>{@value #CLEAN}{@code {app,version}}: 1 when the version is clean under the report's gate,
 *       else 0.
 * </ul>
 *
 * <p>Several reports of one version (one per tool) describe the same version-wide posture; the one
 * ingested last speaks for it.
 */
final class PostureMetrics {
  /** Findings gauge name. */
  static final String FINDINGS = "holdfast_posture_findings";

  /** Clean gauge name. */
  static final String CLEAN = "holdfast_posture_clean";

  private static final List<String> SEVERITIES =
      List.of("critical", "high", "medium", "low", "info");

  PostureMetrics(OperatorMetrics metrics, Supplier<Stream<SecurityReport>> reports) {
    GaugeWithCallback.builder()
        .name(FINDINGS)
        .help("Open (unwaived) SAST findings of an application version, by severity.")
        .labelNames("app", "version", "severity")
        .callback(
            callback ->
                latestPerVersion(reports)
                    .forEach(
                        (key, status) -> {
                          List<Integer> counts =
                              List.of(
                                  orZero(status.critical()),
                                  orZero(status.high()),
                                  orZero(status.medium()),
                                  orZero(status.low()),
                                  orZero(status.info()));
                          for (int i = 0; i < SEVERITIES.size(); i++) {
                            callback.call(
                                counts.get(i), key.app(), key.version(), SEVERITIES.get(i));
                          }
                        }))
        .register(metrics.registry());
    GaugeWithCallback.builder()
        .name(CLEAN)
        .help("1 when the application version is clean under its report's gate, else 0.")
        .labelNames("app", "version")
        .callback(
            callback ->
                latestPerVersion(reports)
                    .forEach(
                        (key, status) ->
                            callback.call(
                                "clean".equals(status.verdict()) ? 1 : 0,
                                key.app(),
                                key.version())))
        .register(metrics.registry());
  }

  private record VersionKey(String app, String version) {}

  private static Map<VersionKey, SecurityReportStatus> latestPerVersion(
      Supplier<Stream<SecurityReport>> reports) {
    Map<VersionKey, SecurityReportStatus> latest = new LinkedHashMap<>();
    reports
        .get()
        .filter(r -> r.getStatus() != null && r.getStatus().version() != null)
        .filter(r -> r.getStatus().verdict() != null && r.getSpec() != null)
        .sorted(Comparator.comparing(r -> String.valueOf(r.getStatus().ingestTime())))
        .forEach(
            r ->
                latest.put(
                    new VersionKey(r.getSpec().app(), r.getStatus().version()), r.getStatus()));
    return latest;
  }

  private static int orZero(Integer count) {
    return count == null ? 0 : count;
  }
}
