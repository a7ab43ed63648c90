package dev.holdfast.operator.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import java.time.Instant;

/**
 * What BackupPolicies do, for dashboards and alerts: how many claims each selects, how many Backups
 * it scheduled, and how its test restores went (a failed test restore is an alert, not a log line).
 */
public final class PolicyMetrics {
  private final Gauge claims;
  private final Counter scheduled;
  private final Counter testRestores;
  private final Gauge testRestoreLastSuccess;

  /** Registers the policy metrics in {@code metrics}' registry. */
  public PolicyMetrics(OperatorMetrics metrics) {
    claims =
        Gauge.builder()
            .name("holdfast_policy_claims")
            .help("PersistentVolumeClaims a BackupPolicy selects")
            .labelNames("namespace", "policy")
            .register(metrics.registry());
    scheduled =
        Counter.builder()
            .name("holdfast_backup_scheduled_total")
            .help("Backups a BackupPolicy created on its schedule")
            .labelNames("namespace", "policy")
            .register(metrics.registry());
    testRestores =
        Counter.builder()
            .name("holdfast_test_restore_total")
            .help(
                "Scheduled test restores that ended, by result (completed, or failed when not every file verified)")
            .labelNames("namespace", "policy", "result")
            .register(metrics.registry());
    testRestoreLastSuccess =
        Gauge.builder()
            .name("holdfast_test_restore_last_success_timestamp_seconds")
            .help("When a test restore of the policy last verified, in seconds since the epoch")
            .labelNames("namespace", "policy")
            .register(metrics.registry());
  }

  /** Records that policy {@code namespace/policy} selects {@code count} claims now. */
  public void claims(String namespace, String policy, int count) {
    claims.labelValues(namespace, policy).set(count);
  }

  /** Counts {@code count} Backups the policy just created. */
  public void scheduled(String namespace, String policy, int count) {
    scheduled.labelValues(namespace, policy).inc(count);
  }

  /** Counts a test restore that ended at {@code at}, verified ({@code succeeded}) or not. */
  public void testRestore(String namespace, String policy, boolean succeeded, Instant at) {
    testRestores.labelValues(namespace, policy, succeeded ? "completed" : "failed").inc();
    if (succeeded) {
      testRestoreLastSuccess.labelValues(namespace, policy).set(at.getEpochSecond());
    }
  }
}
