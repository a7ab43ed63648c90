package dev.holdfast.operator.metrics;

import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The registry every operator and agent metric is registered in; one per process (tests make one
 * each, so their counts do not mix). Each concern registers its own metrics in a small class of its
 * own that takes this.
 */
public final class OperatorMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();

  /** The registry to register metrics in and to scrape. */
  public PrometheusRegistry registry() {
    return registry;
  }
}
