package dev.holdfast.operator.policy;

import static dev.holdfast.operator.policy.PolicyCluster.NS;
import static dev.holdfast.operator.testing.KubeTestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.operator.HoldfastOperator;
import dev.holdfast.operator.api.Backup;
import dev.holdfast.operator.api.BackupPolicy;
import dev.holdfast.operator.api.BackupStatus;
import dev.holdfast.operator.api.ObjectReference;
import dev.holdfast.operator.api.Restore;
import dev.holdfast.operator.api.RestoreStatus;
import dev.holdfast.operator.kube.KubeTimes;
import dev.holdfast.operator.schedule.Schedule;
import dev.holdfast.operator.testing.EndedBackups;
import dev.holdfast.operator.testing.KubeTestCluster;
import dev.holdfast.operator.testing.StatusWrites;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduled test restores from the policy's side: the Restore it creates, and what it does when the
 * Restore ends. The Restore reconciler's part is played by the test, which sets the status.
 */
class TestRestoresTest {
  private static final ObjectReference SHOP = new ObjectReference("shop", "data");

  /** Daily, so that no moment falls between the policy's creation and the test's jump. */
  private static final String TEST_SCHEDULE = "0 4 * * *";

  @TempDir Path temp;
  private KubeTestCluster kube;
  private PolicyCluster cluster;
  private final OffsetClock clock = new OffsetClock();
  private HoldfastOperator operator;

  @BeforeEach
  void start() {
    cluster = PolicyCluster.start(temp, "shop");
    kube = cluster.kube();
    cluster.claim("shop", "data", Map.of("app", "shop"));
    operator = cluster.startOperator(clock);
    cluster.policy(
        "proof", PolicySpecs.on("0 0 1 1 *").testRestore(TEST_SCHEDULE, "scratch-ssd").build());
    cluster.awaitPolicy(
        "proof",
        "selects the claim",
        p -> Integer.valueOf(1).equals(p.getStatus().matchedClaims()));
  }

  @AfterEach
  void stop() {
    kube.close();
  }

  @Test
  void theNewestCompletedBackupIsRestoredIntoAScratchClaimAndVerified() {
    completedBackup(Instant.parse("2025-06-01T00:00:00Z"));
    Backup newest = completedBackup(Instant.parse("2025-06-02T00:00:00Z"));

    Instant moment = nextTestMoment();
    Restore restore = awaitTestRestore(moment);

    assertThat(restore.getSpec().repository()).isEqualTo("repo");
    assertThat(restore.getSpec().verify()).isTrue();
    assertThat(restore.getSpec().source().backup()).isEqualTo(newest.getMetadata().getName());
    ObjectReference scratch =
        new ObjectReference("shop", "data-hf-test-" + moment.getEpochSecond());
    assertThat(restore.getSpec().target().claim()).isEqualTo(scratch);
    assertThat(restore.getSpec().target().create().size()).isEqualTo("1Gi");
    assertThat(restore.getSpec().target().create().storageClassName()).isEqualTo("scratch-ssd");
    PersistentVolumeClaim claim = scratchClaim(scratch);
    assertThat(claim.getMetadata().getLabels())
        .containsEntry(PolicyNames.TEST_RESTORE_LABEL, "proof");
    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("scratch-ssd");
    assertThat(claim.getSpec().getResources().getRequests().get("storage").toString())
        .isEqualTo("1Gi");
  }

  @Test
  void aVerifiedTestRestoreIsRecordedAndItsScratchClaimAndRestoreAreDeleted() {
    completedBackup(Instant.parse("2025-06-01T00:00:00Z"));
    Restore restore = awaitTestRestore(nextTestMoment());
    ObjectReference scratch = restore.getSpec().target().claim();
    Instant ended = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    end(restore, "Completed", ended, List.of());

    BackupPolicy seen =
        cluster.awaitPolicy(
            "proof",
            "records the test restore",
            p -> p.getStatus().lastTestRestoreSucceeded() != null);
    assertThat(seen.getStatus().lastTestRestoreSucceeded()).isTrue();
    assertThat(seen.getStatus().lastTestRestoreTime()).isEqualTo(KubeTimes.format(ended));
    await("the Restore deleted", cluster::restores, List::isEmpty);
    await("the scratch claim deleted", () -> scratchClaimOrNull(scratch) == null, done -> done);
    assertThat(cluster.client().persistentVolumeClaims().inNamespace("shop").withName("data").get())
        .isNotNull();
    assertThat(cluster.events("proof"))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("TestRestoreSucceeded"));
    assertThat(metric("holdfast_test_restore", "result", "completed")).isEqualTo(1.0);
    assertThat(metric("holdfast_test_restore_last_success_timestamp_seconds"))
        .isEqualTo((double) ended.getEpochSecond());
  }

  @Test
  void aFailedTestRestoreIsAWarningAndAFailureInTheMetrics() {
    completedBackup(Instant.parse("2025-06-01T00:00:00Z"));
    Restore restore = awaitTestRestore(nextTestMoment());

    end(
        restore,
        "Failed",
        clock.instant(),
        List.of("/db/pages.db: content differs from the snapshot"));

    BackupPolicy seen =
        cluster.awaitPolicy(
            "proof",
            "records the test restore",
            p -> p.getStatus().lastTestRestoreSucceeded() != null);
    assertThat(seen.getStatus().lastTestRestoreSucceeded()).isFalse();
    assertThat(cluster.events("proof"))
        .anySatisfy(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isEqualTo("TestRestoreFailed");
              assertThat(e.getMessage())
                  .contains(restore.getMetadata().getName())
                  .contains("ended Failed: /db/pages.db: content differs from the snapshot");
            });
    assertThat(metric("holdfast_test_restore", "result", "failed")).isEqualTo(1.0);
    assertThat(
            MetricValues.of(
                operator.metrics().registry(),
                "holdfast_test_restore_last_success_timestamp_seconds",
                "namespace",
                NS,
                "policy",
                "proof"))
        .isEmpty();
    await("the Restore deleted", cluster::restores, List::isEmpty);
  }

  @Test
  void aClaimWithoutACompletedBackupIsNotTestedAndEachMomentIsTestedOnce() {
    Instant moment = nextTestMoment();
    cluster.nudge("shop");
    cluster.claim("shop", "other", Map.of());
    cluster.awaitPolicy(
        "proof",
        "selects two claims",
        p -> Integer.valueOf(2).equals(p.getStatus().matchedClaims()));
    assertThat(cluster.restores()).isEmpty();

    completedBackup(moment.minusSeconds(60));
    Restore first = awaitTestRestore(moment);
    end(first, "Completed", clock.instant(), List.of());
    await("the Restore deleted", cluster::restores, List::isEmpty);
    cluster.nudge("shop");
    cluster.claim("shop", "third", Map.of());
    cluster.awaitPolicy(
        "proof",
        "selects three claims",
        p -> Integer.valueOf(3).equals(p.getStatus().matchedClaims()));

    assertThat(cluster.restores()).isEmpty();
  }

  /** Moves the clock to just before the next test-restore moment and wakes the policy. */
  private Instant nextTestMoment() {
    Instant moment =
        Schedule.parse(TEST_SCHEDULE, ZoneOffset.UTC, "f").next(clock.instant(), "").orElseThrow();
    clock.jumpTo(moment.minusSeconds(1));
    cluster.nudge("shop");
    return moment;
  }

  private Restore awaitTestRestore(Instant moment) {
    String name = PolicyNames.testRestore("proof", SHOP, moment);
    return await(
        "Restore " + name,
        () -> cluster.client().resources(Restore.class).inNamespace(NS).withName(name).get(),
        r -> true);
  }

  private Backup completedBackup(Instant slot) {
    BackupPolicy policy =
        cluster.client().resources(BackupPolicy.class).inNamespace(NS).withName("proof").get();
    Backup created = cluster.client().resource(PolicyResources.backup(policy, SHOP, slot)).create();
    return EndedBackups.write(
        cluster.client(),
        created,
        b -> {
          b.setStatus(
              new BackupStatus(
                  "Completed",
                  "node-1",
                  KubeTimes.format(slot),
                  KubeTimes.format(slot.plus(Duration.ofMinutes(1))),
                  null,
                  "3fa2c1d4",
                  10L,
                  1000L,
                  100L,
                  List.of(),
                  List.of(),
                  List.of(),
                  null,
                  null,
                  null));
          return b;
        });
  }

  private void end(Restore restore, String phase, Instant at, List<String> errors) {
    StatusWrites.write(
        cluster.client(),
        restore,
        current -> {
          current.setStatus(
              new RestoreStatus(
                  phase,
                  "3fa2c1d4",
                  null,
                  "node-1",
                  KubeTimes.format(at.minusSeconds(30)),
                  KubeTimes.format(at),
                  null,
                  10L,
                  1000L,
                  null,
                  errors,
                  List.of(),
                  null,
                  null,
                  null));
          return current;
        });
  }

  private PersistentVolumeClaim scratchClaim(ObjectReference ref) {
    return await("scratch claim " + ref, () -> scratchClaimOrNull(ref), c -> true);
  }

  private PersistentVolumeClaim scratchClaimOrNull(ObjectReference ref) {
    return cluster
        .client()
        .persistentVolumeClaims()
        .inNamespace(ref.namespace())
        .withName(ref.name())
        .get();
  }

  private double metric(String name, String... labels) {
    String[] all = new String[4 + labels.length];
    all[0] = "namespace";
    all[1] = NS;
    all[2] = "policy";
    all[3] = "proof";
    System.arraycopy(labels, 0, all, 4, labels.length);
    return MetricValues.of(operator.metrics().registry(), name, all).orElseThrow();
  }
}
