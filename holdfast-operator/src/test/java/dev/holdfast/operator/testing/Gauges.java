package dev.holdfast.operator.testing;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;
import java.util.Map;

/** Reads gauges out of a Prometheus registry as a scrape sees them at that moment. */
public final class Gauges {
  private Gauges() {}

  /** Every data point of gauge {@code name}; none when it is not registered or has no series. */
  public static List<GaugeDataPointSnapshot> points(PrometheusRegistry registry, String name) {
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (snapshot.getMetadata().getPrometheusName().equals(name)
          && snapshot instanceof GaugeSnapshot gauge) {
        return gauge.getDataPoints();
      }
    }
    return List.of();
  }

  /** The first point of gauge {@code name} whose labels include {@code labels}, or null. */
  public static GaugeDataPointSnapshot point(
      PrometheusRegistry registry, String name, Map<String, String> labels) {
    return points(registry, name).stream()
        .filter(
            p ->
                labels.entrySet().stream()
                    .allMatch(l -> l.getValue().equals(p.getLabels().get(l.getKey()))))
        .findFirst()
        .orElse(null);
  }

  /** The value of that point, or null when there is none. */
  public static Double value(PrometheusRegistry registry, String name, Map<String, String> labels) {
    GaugeDataPointSnapshot point = point(registry, name, labels);
    return point == null ? null : point.getValue();
  }
}
