package dev.holdfast.operator.certs;

import dev.holdfast.operator.metrics.OperatorMetrics;
import dev.holdfast.tls.authority.RotationPhase;
import dev.holdfast.tls.authority.RotationState;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The gauges of the cluster CA's rotation: {@value #PHASE}{@code {phase}} is 1 for the phase the
 * rotation is in and 0 for the others (the way kube-state-metrics exports a pod's phase), and
 * {@value #GENERATION} the newest CA generation. Values are read at each scrape from what the last
 * check saw; nothing is exported before it. Closing removes the gauges, so a replica that stops
 * leading exports none.
 */
final class CaRotationMetrics implements AutoCloseable {
  /** The phase gauge's name. */
  static final String PHASE = "holdfast_cluster_ca_rotation_phase";

  /** The generation gauge's name. */
  static final String GENERATION = "holdfast_cluster_ca_generation";

  private final PrometheusRegistry registry;
  private final List<GaugeWithCallback> gauges;

  CaRotationMetrics(OperatorMetrics metrics, Supplier<Optional<RotationState>> state) {
    this.registry = metrics.registry();
    this.gauges =
        List.of(
            GaugeWithCallback.builder()
                .name(PHASE)
                .help(
                    "1 for the phase the cluster CA's rotation is in (stable, introducing,"
                        + " reissuing, retiring), 0 for the others.")
                .labelNames("phase")
                .callback(
                    callback ->
                        state
                            .get()
                            .ifPresent(
                                s -> {
                                  for (RotationPhase phase : RotationPhase.values()) {
                                    callback.call(
                                        s.phase() == phase ? 1 : 0,
                                        phase.name().toLowerCase(Locale.ROOT));
                                  }
                                }))
                .build(),
            GaugeWithCallback.builder()
                .name(GENERATION)
                .help("The newest generation of the cluster CA, 1 before its first rotation.")
                .callback(callback -> state.get().ifPresent(s -> callback.call(s.current())))
                .build());
    gauges.forEach(registry::register);
  }

  /** Removes the gauges from the registry. */
  @Override
  public void close() {
    gauges.forEach(registry::unregister);
  }
}
