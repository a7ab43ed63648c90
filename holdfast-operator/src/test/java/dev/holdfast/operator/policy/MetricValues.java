package dev.holdfast.operator.policy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.OptionalDouble;

/** Reads one value of a counter or gauge out of a registry, as a scrape would see it. */
final class MetricValues {
  private MetricValues() {}

  /**
   * The value of metric {@code name} (without {@code _total}) with labels {@code nameValues}
   * ({@code name1, value1, ...}), if that series exists.
   */
  static OptionalDouble of(PrometheusRegistry registry, String name, String... nameValues) {
    Labels wanted = Labels.of(nameValues);
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (!snapshot.getMetadata().getPrometheusName().equals(name)) {
        continue;
      }
      for (DataPointSnapshot point : snapshot.getDataPoints()) {
        if (!point.getLabels().equals(wanted)) {
          continue;
        }
        if (point instanceof CounterSnapshot.CounterDataPointSnapshot c) {
          return OptionalDouble.of(c.getValue());
        }
        if (point instanceof GaugeSnapshot.GaugeDataPointSnapshot g) {
          return OptionalDouble.of(g.getValue());
        }
      }
    }
    return OptionalDouble.empty();
  }
}
