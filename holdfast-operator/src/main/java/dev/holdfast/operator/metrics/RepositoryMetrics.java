package dev.holdfast.operator.metrics;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The repository gauges, one series per BackupRepository (labels {@code namespace}, {@code
 * repository}): {@value #REACHABLE}, {@value #SNAPSHOTS}, {@value #SIZE} and {@value #LAST_CHECK},
 * as of the operator's last check.
 */
public final class RepositoryMetrics {
  /** 1 when the repository last opened, else 0. */
  public static final String REACHABLE = "holdfast_repository_reachable";

  /** Snapshots in the repository. */
  public static final String SNAPSHOTS = "holdfast_repository_snapshots";

  /** Bytes stored in packs. */
  public static final String SIZE = "holdfast_repository_size_bytes";

  /** When the repository was last checked, in seconds since the epoch. */
  public static final String LAST_CHECK = "holdfast_repository_last_check_timestamp_seconds";

  private final Map<Key, Reading> readings = new ConcurrentHashMap<>();

  /** Registers the gauges in {@code metrics}' registry. */
  public RepositoryMetrics(OperatorMetrics metrics) {
    GaugeWithCallback.builder()
        .name(REACHABLE)
        .help("1 when the BackupRepository opened at the last check, else 0.")
        .labelNames("namespace", "repository")
        .callback(cb -> readings.forEach((k, r) -> cb.call(r.reachable() ? 1 : 0, k.labels())))
        .register(metrics.registry());
    GaugeWithCallback.builder()
        .name(SNAPSHOTS)
        .help("Snapshots in the repository at the last successful check.")
        .labelNames("namespace", "repository")
        .callback(cb -> readings.forEach((k, r) -> cb.call(r.snapshots(), k.labels())))
        .register(metrics.registry());
    GaugeWithCallback.builder()
        .name(SIZE)
        .help("Bytes stored in the repository's packs at the last successful check.")
        .unit(io.prometheus.metrics.model.snapshots.Unit.BYTES)
        .labelNames("namespace", "repository")
        .callback(cb -> readings.forEach((k, r) -> cb.call(r.bytes(), k.labels())))
        .register(metrics.registry());
    GaugeWithCallback.builder()
        .name(LAST_CHECK)
        .help("When the operator last checked the repository, in seconds since the epoch.")
        .labelNames("namespace", "repository")
        .callback(cb -> readings.forEach((k, r) -> cb.call(r.checkedAt(), k.labels())))
        .register(metrics.registry());
  }

  /** Records a successful check. */
  public void reachable(String namespace, String name, int snapshots, long bytes, Instant at) {
    readings.put(new Key(namespace, name), new Reading(true, snapshots, bytes, seconds(at)));
  }

  /** Records a failed check, keeping the last known counts. */
  public void unreachable(String namespace, String name, Instant at) {
    readings.compute(
        new Key(namespace, name),
        (k, old) ->
            new Reading(
                false,
                old == null ? 0 : old.snapshots(),
                old == null ? 0 : old.bytes(),
                seconds(at)));
  }

  private static double seconds(Instant at) {
    return at.toEpochMilli() / 1000.0;
  }

  private record Key(String namespace, String name) {
    String[] labels() {
      return new String[] {namespace, name};
    }
  }

  private record Reading(boolean reachable, double snapshots, double bytes, double checkedAt) {}
}
