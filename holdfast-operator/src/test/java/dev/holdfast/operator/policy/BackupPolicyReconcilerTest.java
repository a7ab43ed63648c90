package dev.holdfast.operator.policy;

import static dev.holdfast.operator.policy.PolicyCluster.NS;
import static dev.holdfast.operator.testing.KubeTestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.operator.HoldfastOperator;
import dev.holdfast.operator.api.Backup;
import dev.holdfast.operator.api.BackupPolicy;
import dev.holdfast.operator.api.BackupStatus;
import dev.holdfast.operator.api.HookSpec;
import dev.holdfast.operator.api.HooksSpec;
import dev.holdfast.operator.api.ObjectReference;
import dev.holdfast.operator.kube.Conditions;
import dev.holdfast.operator.kube.KubeTimes;
import dev.holdfast.operator.schedule.Schedule;
import dev.holdfast.operator.testing.KubeTestCluster;
import dev.holdfast.operator.testing.StatusWrites;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupPolicyReconcilerTest {
  private static final ObjectReference SHOP = new ObjectReference("shop", "data");
  private static final ObjectReference WEB = new ObjectReference("web", "site");

  @TempDir Path temp;
  private KubeTestCluster kube;
  private PolicyCluster cluster;
  private final OffsetClock clock = new OffsetClock();
  private HoldfastOperator operator;

  @BeforeEach
  void start() {
    cluster = PolicyCluster.start(temp, "shop", "web");
    kube = cluster.kube();
    cluster.claim("shop", "data", Map.of("app", "shop"));
    cluster.claim("web", "site", Map.of("app", "web"));
    operator = cluster.startOperator(clock);
  }

  @AfterEach
  void stop() {
    kube.close();
  }

  @Test
  void aClaimWhoseMomentComesGetsExactlyOneBackupCarryingThePolicysSettings() {
    HooksSpec hooks =
        new HooksSpec(
            List.of(
                new HookSpec("freeze", "db", List.of("fsfreeze", "-f", "/data"), "30s", "fail")),
            List.of());
    cluster.policy(
        "nightly",
        // daily, so that no moment falls between the policy's creation and the test's jump
        PolicySpecs.on("0 3 * * *")
            .matchLabels(Map.of("app", "shop"))
            .app("shop")
            .tags("nightly")
            .consistency("live")
            .hooks(hooks)
            .build());
    BackupPolicy ready =
        cluster.awaitPolicy(
            "nightly",
            "selects one claim",
            p ->
                Integer.valueOf(1).equals(p.getStatus().matchedClaims())
                    && p.getStatus().nextScheduleTime() != null);
    assertThat(cluster.backups()).isEmpty();
    assertThat(Conditions.isTrue(ready.getStatus().conditions(), Conditions.READY)).isTrue();
    Instant moment = KubeTimes.parse(ready.getStatus().nextScheduleTime()).orElseThrow();

    clock.jumpTo(moment.minusSeconds(1));
    cluster.nudge("shop");
    Backup backup = awaitBackup(PolicyNames.backup("nightly", SHOP, moment));

    assertThat(backup.getSpec().repository()).isEqualTo("repo");
    assertThat(backup.getSpec().claim()).isEqualTo(SHOP);
    assertThat(backup.getSpec().policy()).isEqualTo("nightly");
    assertThat(backup.getSpec().app()).isEqualTo("shop");
    assertThat(backup.getSpec().tags()).containsExactly("nightly");
    assertThat(backup.getSpec().consistency()).isEqualTo("live");
    assertThat(backup.getSpec().hooks()).isEqualTo(hooks);
    assertThat(backup.getMetadata().getLabels()).containsEntry(PolicyNames.POLICY_LABEL, "nightly");
    assertThat(backup.getMetadata().getAnnotations())
        .containsEntry(PolicyNames.SLOT_ANNOTATION, KubeTimes.format(moment));
    BackupPolicy after =
        cluster.awaitPolicy(
            "nightly",
            "reports the backup",
            p -> KubeTimes.format(moment).equals(p.getStatus().lastScheduleTime()));
    assertThat(after.getStatus().nextScheduleTime())
        .isEqualTo(KubeTimes.format(moment.plus(Duration.ofDays(1))));
    assertThat(cluster.events("nightly"))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Scheduled"));

    // a claim selected after the moment waits for its next one; nothing is created twice
    cluster.claim("shop", "logs", Map.of("app", "shop"));
    cluster.awaitPolicy(
        "nightly",
        "selects two claims",
        p -> Integer.valueOf(2).equals(p.getStatus().matchedClaims()));
    assertThat(cluster.backups()).hasSize(1);
    assertThat(metric("holdfast_backup_scheduled", "nightly")).isEqualTo(1.0);
    assertThat(metric("holdfast_policy_claims", "nightly")).isEqualTo(2.0);
  }

  @Test
  void afterDowntimeEachClaimGetsOneCatchUpBackupForItsLatestMissedMomentOnly() {
    clock.freezeAt(Instant.now());
    cluster.policy("daily", PolicySpecs.on("0 3 * * *").build());
    cluster.awaitPolicy(
        "daily",
        "selects two claims",
        p -> Integer.valueOf(2).equals(p.getStatus().matchedClaims()));
    operator.close();

    clock.advance(Duration.ofDays(3));
    operator = cluster.startOperator(clock);

    Instant latest =
        Schedule.parse("0 3 * * *", ZoneOffset.UTC, "f").latest(clock.instant(), "").orElseThrow();
    await("one catch-up Backup per claim", cluster::backups, b -> b.size() == 2);
    assertThat(names(cluster.backups()))
        .containsExactlyInAnyOrder(
            PolicyNames.backup("daily", SHOP, latest), PolicyNames.backup("daily", WEB, latest));
    cluster.awaitPolicy(
        "daily",
        "reports the catch-up",
        p -> KubeTimes.format(latest).equals(p.getStatus().lastScheduleTime()));
  }

  @Test
  void aSuspendedPolicyCreatesNothing() {
    cluster.policy("paused", PolicySpecs.on("*/5 * * * *").suspend(true).build());
    BackupPolicy seen =
        cluster.awaitPolicy(
            "paused",
            "Ready as Suspended",
            p ->
                Conditions.find(p.getStatus().conditions(), Conditions.READY)
                    .map(c -> "Suspended".equals(c.getReason()))
                    .orElse(false));
    assertThat(seen.getStatus().nextScheduleTime()).isNull();

    clock.advance(Duration.ofHours(2));
    cluster.claim("shop", "logs", Map.of());
    cluster.awaitPolicy(
        "paused",
        "selects three claims",
        p -> Integer.valueOf(3).equals(p.getStatus().matchedClaims()));

    assertThat(cluster.backups()).isEmpty();
  }

  @Test
  void aBadScheduleMakesThePolicyNotReadyNamingTheFieldAndTheProblem() {
    cluster.policy("broken", PolicySpecs.on("61 * * * *").build());

    BackupPolicy seen = awaitNotReady("broken");

    Condition ready =
        Conditions.find(seen.getStatus().conditions(), Conditions.READY).orElseThrow();
    assertThat(ready.getReason()).isEqualTo("UsageError");
    assertThat(ready.getMessage())
        .startsWith("spec.schedule: '61 * * * *' is not a schedule: Value 61 not in range [0, 59]");
    assertThat(cluster.events("broken"))
        .anySatisfy(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getMessage()).startsWith("spec.schedule: '61 * * * *'");
            });
  }

  @Test
  void anUnknownTimeZoneMakesThePolicyNotReady() {
    cluster.policy("zoned", PolicySpecs.on("@daily-random").timeZone("Europe/Atlantis").build());

    BackupPolicy seen = awaitNotReady("zoned");

    assertThat(
            Conditions.find(seen.getStatus().conditions(), Conditions.READY)
                .orElseThrow()
                .getMessage())
        .startsWith("spec.timeZone: 'Europe/Atlantis' is not a time zone");
  }

  @Test
  void aPolicyWhoseRepositoryIsMissingBecomesReadyWhenTheRepositoryAppears() {
    cluster.policy("later", PolicySpecs.on("@daily-random").repository("offsite").build());
    BackupPolicy seen = awaitNotReady("later");
    assertThat(Conditions.find(seen.getStatus().conditions(), Conditions.READY).orElseThrow())
        .satisfies(
            c -> {
              assertThat(c.getReason()).isEqualTo("NotFound");
              assertThat(c.getMessage())
                  .isEqualTo("BackupRepository holdfast/offsite does not exist");
            });

    cluster.repository("offsite", temp.resolve("offsite").toString());

    cluster.awaitPolicy(
        "later", "Ready", p -> Conditions.isTrue(p.getStatus().conditions(), Conditions.READY));
  }

  @Test
  void oldFinishedBackupsBeyondTheHistoryLimitsAreDeletedPerClaim() {
    cluster.policy("kept", PolicySpecs.on("0 0 1 1 *").history(2, 1).build());
    cluster.awaitPolicy(
        "kept",
        "selects two claims",
        p -> Integer.valueOf(2).equals(p.getStatus().matchedClaims()));
    Instant t0 = Instant.parse("2025-06-01T00:00:00Z");
    for (int day = 0; day < 4; day++) {
      finishedBackup("kept", SHOP, t0.plus(Duration.ofDays(day)), "Completed", true);
      finishedBackup("kept", WEB, t0.plus(Duration.ofDays(day)), "Failed", true);
    }
    finishedBackup("kept", SHOP, t0.plus(Duration.ofDays(5)), "Failed", true);
    // not yet finished with (retention still to run), and still running: never deleted
    finishedBackup("kept", SHOP, t0.minus(Duration.ofDays(9)), "Failed", false);
    finishedBackup("kept", WEB, t0.plus(Duration.ofDays(6)), "Running", false);

    cluster.nudge("shop");

    Set<String> expected =
        Set.of(
            PolicyNames.backup("kept", SHOP, t0.plus(Duration.ofDays(3))),
            PolicyNames.backup("kept", SHOP, t0.plus(Duration.ofDays(2))),
            PolicyNames.backup("kept", SHOP, t0.plus(Duration.ofDays(5))),
            PolicyNames.backup("kept", SHOP, t0.minus(Duration.ofDays(9))),
            PolicyNames.backup("kept", WEB, t0.plus(Duration.ofDays(3))),
            PolicyNames.backup("kept", WEB, t0.plus(Duration.ofDays(6))));
    await("history trimmed", () -> names(cluster.backups()), expected::equals);
  }

  private void finishedBackup(
      String policy, ObjectReference claim, Instant slot, String phase, boolean finishedWith) {
    BackupPolicy owner =
        cluster.client().resources(BackupPolicy.class).inNamespace(NS).withName(policy).get();
    Backup backup = PolicyResources.backup(owner, claim, slot);
    Backup created = cluster.client().resource(backup).create();
    List<Condition> conditions =
        finishedWith
            ? List.of(
                new ConditionBuilder()
                    .withType(BackupHistory.FINISHED)
                    .withStatus("True")
                    .withReason("Ran")
                    .withLastTransitionTime(KubeTimes.format(slot))
                    .build())
            : List.of();
    BackupStatus status =
        new BackupStatus(
            phase,
            "node-1",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            conditions,
            null,
            null,
            null);
    StatusWrites.write(
        cluster.client(),
        created,
        b -> {
          b.setStatus(status);
          return b;
        });
  }

  private Backup awaitBackup(String name) {
    return await(
        "Backup " + name,
        () -> cluster.client().resources(Backup.class).inNamespace(NS).withName(name).get(),
        b -> true);
  }

  private BackupPolicy awaitNotReady(String name) {
    return cluster.awaitPolicy(
        name,
        "Ready=False",
        p ->
            Conditions.find(p.getStatus().conditions(), Conditions.READY)
                .map(c -> "False".equals(c.getStatus()))
                .orElse(false));
  }

  private double metric(String name, String policy) {
    return MetricValues.of(operator.metrics().registry(), name, "namespace", NS, "policy", policy)
        .orElseThrow();
  }

  private static Set<String> names(List<Backup> backups) {
    return backups.stream().map(b -> b.getMetadata().getName()).collect(Collectors.toSet());
  }

  static Map<String, String> labels(String... keyValues) {
    Map<String, String> result = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      result.put(keyValues[i], keyValues[i + 1]);
    }
    return result;
  }
}
