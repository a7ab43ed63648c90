package dev.holdfast.operator.policy;

import static dev.holdfast.operator.policy.PolicyCluster.NS;
import static dev.holdfast.operator.testing.KubeTestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.operator.HoldfastOperator;
import dev.holdfast.operator.api.BackupPolicy;
import dev.holdfast.operator.kube.KubeTimes;
import dev.holdfast.operator.testing.KubeTestCluster;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One {@code @daily-random} policy over 1,000 claims in 100 namespaces: the API requests the
 * operator makes stay bounded by what it creates, not by how many claims it looks at, because
 * claims, Backups, Restores and repositories come from informer caches. The figures (requests,
 * heap) are printed for docs/kubernetes.md.
 */
class PolicyScaleTest {
  private static final int NAMESPACES = 100;
  private static final int CLAIMS_PER_NAMESPACE = 10;
  private static final int CLAIMS = NAMESPACES * CLAIMS_PER_NAMESPACE;

  /** The mock server logs every request at INFO: thousands of lines here, so it is kept quiet. */
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");

  private Level mockLogLevel;

  @TempDir Path temp;
  private KubeTestCluster kube;
  private PolicyCluster cluster;
  private final OffsetClock clock = new OffsetClock();

  @BeforeEach
  void start() {
    mockLogLevel = MOCK_LOG.getLevel();
    MOCK_LOG.setLevel(Level.WARNING);
    cluster = PolicyCluster.start(temp);
    kube = cluster.kube();
    // the test's part, in parallel: it is not what is measured
    IntStream.range(0, NAMESPACES)
        .parallel()
        .forEach(
            n -> {
              kube.namespace("team-" + n);
              for (int c = 0; c < CLAIMS_PER_NAMESPACE; c++) {
                cluster.claim("team-" + n, "data-" + c, Map.of("backup", "daily"));
              }
            });
  }

  @AfterEach
  void stop() {
    kube.close();
    MOCK_LOG.setLevel(mockLogLevel);
  }

  @Test
  void aThousandClaimsCostRequestsForWhatIsCreatedNotForWhatIsLookedAt() {
    long heapBefore = usedHeap();
    int before = kube.requestCount();
    BackupPolicy policy =
        cluster.policy(
            "everything",
            PolicySpecs.on("@daily-random").matchLabels(Map.of("backup", "daily")).build());
    // time stands still at the policy's creation, so that exactly one moment of each claim comes
    // in the day the test skips, however long the test takes
    clock.freezeAt(KubeTimes.parse(policy.getMetadata().getCreationTimestamp()).orElseThrow());
    HoldfastOperator operator = cluster.startOperator(clock);
    PrometheusRegistry metrics = operator.metrics().registry();
    awaitMetric(metrics, "holdfast_policy_claims", CLAIMS);
    // the first reconcile patched the status; wait for it without asking the API
    int startup = settle() - before;

    clock.advance(Duration.ofDays(1));
    int beforeDay = kube.requestCount();
    cluster.nudge("team-0");
    long t2 = System.nanoTime();
    awaitMetric(metrics, "holdfast_backup_scheduled", CLAIMS);
    double seconds = (System.nanoTime() - t2) / 1e9;
    int day = settle() - beforeDay;
    long heapAfter = usedHeap();

    int beforeIdle = kube.requestCount();
    cluster.claim("team-1", "late", Map.of("backup", "daily"));
    awaitMetric(metrics, "holdfast_policy_claims", CLAIMS + 1);
    int idle = settle() - beforeIdle;

    System.out.printf(
        Locale.ROOT,
        "policy scale: %d claims in %d namespaces; API requests: %d to start and reconcile (incl. 1 by the test),"
            + " %d for a day's %d Backups, created and handled by the Backup reconciler (incl. 1 by the test; created in %.1f s), %d for a claim added"
            + " (incl. 1 by the test); heap used after GC grew by %.1f MiB (operator and mock API server, one JVM)%n",
        CLAIMS,
        NAMESPACES,
        startup,
        day,
        CLAIMS,
        seconds,
        idle,
        (heapAfter - heapBefore) / (1024.0 * 1024.0));
    assertThat(cluster.backups()).hasSize(CLAIMS);
    assertThat(startup).as("requests to start and reconcile %d claims", CLAIMS).isLessThan(100);
    // Each Backup costs the policy one create; the Backup reconciler then handles it (here it fails
    // each at once, for the mock runs no pods), a bounded number of requests per Backup.
    assertThat(day).as("requests for a day's %d Backups", CLAIMS).isLessThan(CLAIMS * 20);
    assertThat(idle).as("requests when one claim is added").isLessThan(10);
  }

  /** The request count once it stopped moving for a moment (the operator went quiet). */
  private int settle() {
    int[] last = {kube.requestCount()};
    long[] since = {System.nanoTime()};
    await(
        "the operator to go quiet",
        () -> {
          int now = kube.requestCount();
          if (now != last[0]) {
            last[0] = now;
            since[0] = System.nanoTime();
          }
          return System.nanoTime() - since[0];
        },
        quietFor -> quietFor > Duration.ofSeconds(1).toNanos());
    return last[0];
  }

  private static void awaitMetric(PrometheusRegistry metrics, String name, double value) {
    await(
        name + " = " + value,
        () -> MetricValues.of(metrics, name, "namespace", NS, "policy", "everything"),
        v -> v.isPresent() && v.getAsDouble() == value);
  }

  private static long usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
