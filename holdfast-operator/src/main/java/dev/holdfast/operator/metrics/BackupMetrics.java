package dev.holdfast.operator.metrics;

import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Backup metrics, named as Velero users know them. Label {@code namespace} is the claim's
 * namespace and {@code policy} the BackupPolicy that asked for the backup ({@code ""} by hand):
 *
 * <ul>
 *   <li>{@value #TOTAL}{namespace, policy, result}: backups ended, by result ({@code completed},
 *       {@code partially_failed}, {@code failed});
 *   <li>{@value #DURATION}{namespace, policy}: how long they ran, start to end;
 *   <li>{@value #LAST_SUCCESS}{namespace, claim}: when a claim's last Completed backup ended, for
 *       the alert "no good backup of X for a day";
 *   <li>{@value #BYTES}{namespace, policy}: bytes added to repositories (after deduplication and
 *       compression), and {@value #READ_BYTES}{namespace, policy}: bytes read from volumes;
 *   <li>{@value #RUNNING}{namespace}: Backups Running now.
 * </ul>
 */
public final class BackupMetrics {
  /** Backups ended, by result. */
  public static final String TOTAL = "holdfast_backup_total";

  /** Backup duration histogram. */
  public static final String DURATION = "holdfast_backup_duration_seconds";

  /** When a claim's last Completed backup ended, in seconds since the epoch. */
  public static final String LAST_SUCCESS = "holdfast_backup_last_success_timestamp_seconds";

  /** Bytes added to repositories. */
  public static final String BYTES = "holdfast_backup_bytes_total";

  /** Bytes read from volumes. */
  public static final String READ_BYTES = "holdfast_backup_read_bytes_total";

  /** Backups Running now. */
  public static final String RUNNING = "holdfast_backup_running";

  /** Bucket bounds: 10 s to 8 h, as Velero's backup duration histogram has them. */
  private static final double[] DURATION_BOUNDS = {
    10, 30, 60, 300, 900, 1800, 3600, 7200, 14400, 28800
  };

  private final Counter total;
  private final Histogram duration;
  private final Gauge lastSuccess;
  private final Counter bytes;
  private final Counter readBytes;
  private volatile Supplier<Map<String, Long>> running = Map::of;

  /** Registers the metrics in {@code metrics}' registry. */
  public BackupMetrics(OperatorMetrics metrics) {
    total =
        Counter.builder()
            .name(TOTAL)
            .help("Backups ended, by result (completed, partially_failed, failed).")
            .labelNames("namespace", "policy", "result")
            .register(metrics.registry());
    duration =
        Histogram.builder()
            .name(DURATION)
            .help("How long backups ran, from start to end.")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(DURATION_BOUNDS)
            .labelNames("namespace", "policy")
            .register(metrics.registry());
    lastSuccess =
        Gauge.builder()
            .name(LAST_SUCCESS)
            .help("When the claim's last Completed backup ended, in seconds since the epoch.")
            .labelNames("namespace", "claim")
            .register(metrics.registry());
    bytes =
        Counter.builder()
            .name(BYTES)
            .help("Bytes backups added to repositories, after deduplication and compression.")
            .unit(Unit.BYTES)
            .labelNames("namespace", "policy")
            .register(metrics.registry());
    readBytes =
        Counter.builder()
            .name(READ_BYTES)
            .help("Bytes backups read from volumes.")
            .unit(Unit.BYTES)
            .labelNames("namespace", "policy")
            .register(metrics.registry());
    GaugeWithCallback.builder()
        .name(RUNNING)
        .help("Backups Running now.")
        .labelNames("namespace")
        .callback(cb -> running.get().forEach((ns, count) -> cb.call(count, ns)))
        .register(metrics.registry());
  }

  /** Counts Running backups per namespace with {@code counter} at each scrape. */
  public void countRunningWith(Supplier<Map<String, Long>> counter) {
    this.running = counter;
  }

  /**
   * Records one ended backup.
   *
   * @param result {@code completed}, {@code partially_failed} or {@code failed}
   * @param started when it started, if it did
   * @param ended when it ended
   * @param bytesRead bytes read from the volume
   * @param bytesAdded bytes the repository grew by
   */
  public void ended(
      String namespace,
      String claim,
      String policy,
      String result,
      Optional<Instant> started,
      Instant ended,
      long bytesRead,
      long bytesAdded) {
    String policyLabel = policy == null ? "" : policy;
    total.labelValues(namespace, policyLabel, result).inc();
    started.ifPresent(
        s ->
            duration
                .labelValues(namespace, policyLabel)
                .observe(Math.max(0, Duration.between(s, ended).toMillis()) / 1000.0));
    readBytes.labelValues(namespace, policyLabel).inc(bytesRead);
    bytes.labelValues(namespace, policyLabel).inc(bytesAdded);
    if ("completed".equals(result)) {
      GaugeDataPoint last = lastSuccess.labelValues(namespace, claim);
      synchronized (last) {
        // ends are reported roughly in order, but an older one reported late must not win
        last.set(Math.max(last.get(), ended.getEpochSecond()));
      }
    }
  }
}
