package dev.holdfast.operator.restore;

import dev.holdfast.operator.metrics.OperatorMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import java.time.Duration;

/**
 * The restore metrics, in the style of Velero's: {@value #TOTAL}{namespace,result} counts finished
 * restores by outcome (Completed, PartiallyFailed, Failed), and {@value #DURATION}{namespace} how
 * long they took from start to cleanup. The namespace is the target claim's, where the application
 * lives (Restores themselves usually live in the operator's namespace).
 */
public final class RestoreMetrics {
  /** Counter name, as scraped. */
  public static final String TOTAL = "holdfast_restore_total";

  /** Histogram name. */
  public static final String DURATION = "holdfast_restore_duration_seconds";

  private final Counter total;
  private final Histogram duration;

  /** Registers the restore metrics in {@code metrics}. */
  public RestoreMetrics(OperatorMetrics metrics) {
    total =
        Counter.builder()
            .name(TOTAL)
            .help("Restores finished, by target namespace and result.")
            .labelNames("namespace", "result")
            .register(metrics.registry());
    duration =
        Histogram.builder()
            .name(DURATION)
            .help("How long restores took, from start to cleanup.")
            .labelNames("namespace")
            .classicOnly()
            .classicUpperBounds(1, 5, 10, 30, 60, 300, 600, 1800, 3600, 7200, 14400, 43200)
            .register(metrics.registry());
  }

  /** Counts one finished restore into {@code namespace} with {@code result}. */
  public void finished(String namespace, String result, Duration took) {
    total.labelValues(namespace, result).inc();
    duration.labelValues(namespace).observe(Math.max(0, took.toMillis()) / 1000.0);
  }
}
