package dev.holdfast.operator.backup;

import static dev.holdfast.operator.testing.KubeTestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.UsageError;
import dev.holdfast.operator.agent.HoldfastAgent;
import dev.holdfast.operator.api.Backup;
import dev.holdfast.operator.api.BackupSpec;
import dev.holdfast.operator.api.HookSpec;
import dev.holdfast.operator.api.HooksSpec;
import dev.holdfast.operator.api.ObjectReference;
import dev.holdfast.operator.hooks.HookRunner;
import dev.holdfast.operator.kube.Conditions;
import dev.holdfast.operator.kube.EventRecorder;
import dev.holdfast.operator.kube.KubeTimes;
import dev.holdfast.operator.metrics.BackupMetrics;
import dev.holdfast.operator.metrics.OperatorMetrics;
import dev.holdfast.operator.testing.KubeTestCluster;
import dev.holdfast.operator.testing.ScriptedPodExec;
import dev.holdfast.operator.testing.ScriptedPodExec.Call;
import dev.holdfast.operator.testing.StatusWrites;
import dev.holdfast.operator.testing.Workloads;
import dev.holdfast.s3.testing.SettableClock;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's side of a Backup alone, with the test playing the agent (it writes the end a
 * node's agent would write) and the kubelet (pods; hook commands answer in process).
 */
class BackupReconcilerTest {
  private static final String OPS = "holdfast";
  private static final String APP = "shop";
  private static final String DIGEST = "sha256:" + "ab".repeat(32);
  private static final ObjectReference CLAIM = new ObjectReference(APP, "data");

  @TempDir Path temp;
  private KubeTestCluster cluster;
  private KubernetesClient client;
  private Workloads workloads;
  private Operator operator;
  private final List<String> completed = new CopyOnWriteArrayList<>();
  private final ScriptedPodExec exec = new ScriptedPodExec();

  @BeforeEach
  void start() {
    cluster = KubeTestCluster.start();
    client = cluster.client();
    cluster.namespace(OPS);
    cluster.namespace(APP);
    workloads = new Workloads(cluster, temp);
    workloads.repository(OPS, "main", temp.resolve("repo").toString(), "unused here");
    workloads.claim(APP, "data", "pv-data");
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.stop();
    }
    cluster.close();
  }

  @Test
  void aClaimNoRunningPodMountsFailsClearlyAndIsFinished() {
    startOperator(BackupRunSettings.defaults(), this::record);

    workloads.backup(OPS, "lonely", "main", CLAIM, null);
    Backup done = awaitFinished("lonely");

    assertThat(done.getStatus().phase()).isEqualTo("Failed");
    assertThat(done.getStatus().errors())
        .containsExactly(
            "NotFound: no running pod mounts PersistentVolumeClaim shop/data: without a CSI"
                + " snapshot, the agent reads a claim where a running pod has it mounted");
    assertThat(condition(done, BackupConditions.POST_HOOKS_DONE).getReason()).isEqualTo("NoHooks");
    assertThat(completed).containsExactly("lonely=Failed");
    assertThat(warnings("lonely")).contains("Failed");
  }

  @Test
  void aMissingClaimOrRepositoryIsNamed() {
    startOperator(BackupRunSettings.defaults(), this::record);

    workloads.backup(OPS, "ghost-claim", "main", new ObjectReference(APP, "ghost"), null);
    workloads.backup(OPS, "ghost-repo", "nowhere", CLAIM, null);

    assertThat(awaitFinished("ghost-claim").getStatus().errors())
        .containsExactly("NotFound: PersistentVolumeClaim shop/ghost does not exist");
    assertThat(awaitFinished("ghost-repo").getStatus().errors())
        .containsExactly("NotFound: BackupRepository holdfast/nowhere does not exist");
  }

  @Test
  void snapshotConsistencyWithoutASnapshotClassIsRefused() {
    pod("db-0");
    startOperator(BackupRunSettings.defaults(), this::record);

    workloads.backup(
        OPS, "csi", new BackupSpec("main", CLAIM, null, null, "snapshot", null, List.of()));

    assertThat(awaitFinished("csi").getStatus().errors())
        .singleElement()
        .asString()
        .startsWith("UsageError: consistency is snapshot, but no VolumeSnapshotClass serves");
  }

  @Test
  void aRunningBackupIsAssignedToItsPodsNodeAndEndsWithTheAgentsResult() {
    pod("db-0");
    exec.answers(APP, "db-0", List.of("flush"), "", 0);
    exec.answers(APP, "db-0", List.of("thaw"), "", 0);
    startOperator(BackupRunSettings.defaults(), this::record);

    workloads.backup(
        OPS,
        "daily",
        "main",
        CLAIM,
        new HooksSpec(List.of(hook("flush", null)), List.of(hook("thaw", null))));
    Backup running = awaitPhase("daily", BackupPhase.RUNNING);
    await(
        "the node label",
        () -> workloads.backupNow(OPS, "daily"),
        b -> "node-a".equals(b.getMetadata().getLabels().get(HoldfastAgent.NODE_LABEL)));
    assertThat(completed).isEmpty();
    playTheAgent("daily", "Completed");
    Backup done = awaitFinished("daily");

    assertThat(running.getStatus().node()).isEqualTo("node-a");
    assertThat(running.getStatus().heartbeatTime()).isNotNull();
    assertThat(condition(running, BackupConditions.PRE_HOOKS_SUCCEEDED).getStatus())
        .isEqualTo("True");
    assertThat(done.getStatus().phase()).isEqualTo("Completed");
    assertThat(done.getStatus().hooks())
        .extracting(h -> h.stage() + ":" + h.name() + ":" + h.outcome())
        .containsExactly("pre:flush:Succeeded", "post:thaw:Succeeded");
    assertThat(condition(done, BackupConditions.FINISHED).getStatus()).isEqualTo("True");
    assertThat(completed)
        .as("the completion ran once, on the end")
        .containsExactly("daily=Completed");
  }

  @Test
  void aFailingPreHookFailsTheBackupUnassignedAndThePostHooksUndoIt() {
    pod("db-0");
    exec.answers(APP, "db-0", List.of("lock"), "", 0);
    exec.answers(APP, "db-0", List.of("flush"), "read-only file system\n", 1);
    exec.answers(APP, "db-0", List.of("unlock"), "", 0);
    startOperator(BackupRunSettings.defaults(), this::record);

    workloads.backup(
        OPS,
        "refused",
        "main",
        CLAIM,
        new HooksSpec(
            List.of(hook("lock", null), hook("flush", "fail"), hook("never", null)),
            List.of(hook("unlock", null))));
    Backup done = awaitFinished("refused");

    assertThat(done.getStatus().phase()).isEqualTo("Failed");
    assertThat(done.getStatus().node()).isNull();
    assertThat(done.getStatus().errors())
        .containsExactly(
            "pre hook 'flush' in pod db-0 (container app) exited 1: read-only file system");
    assertThat(done.getStatus().hooks())
        .extracting(h -> h.stage() + ":" + h.name() + ":" + h.outcome())
        .containsExactly("pre:lock:Succeeded", "pre:flush:Failed", "post:unlock:Succeeded");
    assertThat(exec.calls())
        .extracting(Call::describe)
        .containsExactly("lock@db-0/app", "flush@db-0/app", "unlock@db-0/app");
  }

  @Test
  void aFailingPreHookThatMayContinueLetsTheBackupRun() {
    pod("db-0");
    exec.answers(APP, "db-0", List.of("flush"), "", 1);
    startOperator(BackupRunSettings.defaults(), this::record);

    workloads.backup(
        OPS, "lenient", "main", CLAIM, new HooksSpec(List.of(hook("flush", "continue")), null));

    Backup running = awaitPhase("lenient", BackupPhase.RUNNING);
    assertThat(running.getStatus().hooks()).extracting(h -> h.outcome()).containsExactly("Failed");
  }

  @Test
  void aPostHookThatFailsMarksACompletedBackupPartiallyFailed() {
    pod("db-0");
    exec.answers(APP, "db-0", List.of("freeze"), "", 0);
    exec.answers(APP, "db-0", List.of("thaw"), "still frozen\n", 4);
    startOperator(BackupRunSettings.defaults(), this::record);

    workloads.backup(
        OPS,
        "stuck",
        "main",
        CLAIM,
        new HooksSpec(List.of(hook("freeze", null)), List.of(hook("thaw", "fail"))));
    awaitPhase("stuck", BackupPhase.RUNNING);
    playTheAgent("stuck", "Completed");
    Backup done = awaitFinished("stuck");

    assertThat(done.getStatus().phase()).isEqualTo("PartiallyFailed");
    assertThat(done.getStatus().errors())
        .containsExactly("post hook 'thaw' in pod db-0 (container app) exited 4: still frozen");
    assertThat(condition(done, BackupConditions.POST_HOOKS_DONE).getReason())
        .isEqualTo("HookFailed");
    assertThat(completed).containsExactly("stuck=PartiallyFailed");
  }

  @Test
  void atMostTheBoundOfBackupsRunAgainstOneRepository() {
    workloads.claim(APP, "logs", "pv-logs");
    pod("db-0");
    workloads.pod(APP, "logger-0", "node-b", "logs", DIGEST, Map.of());
    startOperator(
        BackupRunSettings.defaults()
            .withMaxRunningPerRepository(1)
            .withTimes(Duration.ofMinutes(1), Duration.ofMillis(200)),
        this::record);

    workloads.backup(OPS, "first", "main", CLAIM, null);
    awaitPhase("first", BackupPhase.RUNNING);
    workloads.backup(OPS, "second", "main", new ObjectReference(APP, "logs"), null);
    Backup waiting = awaitPhase("second", BackupPhase.PENDING);
    playTheAgent("first", "Completed");
    Backup second = awaitPhase("second", BackupPhase.RUNNING);

    assertThat(waiting.getStatus().node()).isNull();
    assertThat(BackupPhase.of(workloads.backupNow(OPS, "first"))).contains(BackupPhase.COMPLETED);
    assertThat(second.getStatus().node()).isEqualTo("node-b");
  }

  @Test
  void aRunningBackupWhoseAgentStopsReportingFails() {
    pod("db-0");
    SettableClock clock = new SettableClock(Instant.parse("2026-11-25T10:00:00Z"));
    startOperator(
        BackupRunSettings.defaults().withTimes(Duration.ofMinutes(1), Duration.ofMillis(200)),
        this::record,
        clock);

    workloads.backup(OPS, "silent", "main", CLAIM, null);
    awaitPhase("silent", BackupPhase.RUNNING);
    clock.advance(Duration.ofSeconds(61));
    Backup done = awaitFinished("silent");

    assertThat(done.getStatus().errors())
        .containsExactly(
            "AgentLost: the agent on node node-a stopped reporting: its last heartbeat was at"
                + " 2026-11-25T10:00:00Z, more than 1m ago");
    assertThat(done.getStatus().completionTime()).isEqualTo("2026-11-25T10:01:01Z");
  }

  @Test
  void aCompletionThatFailsIsRecordedAndNotRetriedForever() {
    pod("db-0");
    startOperator(
        BackupRunSettings.defaults(),
        b -> {
          record(b);
          throw new UsageError("retention: keep rules are empty");
        });

    workloads.backup(OPS, "kept", "main", CLAIM, null);
    awaitPhase("kept", BackupPhase.RUNNING);
    playTheAgent("kept", "Completed");
    Backup done = awaitFinished("kept");

    Condition finished = condition(done, BackupConditions.FINISHED);
    assertThat(finished.getStatus()).isEqualTo("False");
    assertThat(finished.getReason()).isEqualTo("UsageError");
    assertThat(finished.getMessage()).isEqualTo("retention: keep rules are empty");
    assertThat(done.getStatus().phase()).isEqualTo("Completed");
    assertThat(completed).containsExactly("kept=Completed");
    assertThat(warnings("kept")).contains("UsageError");
  }

  private void record(Backup backup) {
    completed.add(backup.getMetadata().getName() + "=" + backup.getStatus().phase());
  }

  private void startOperator(BackupRunSettings settings, BackupCompletion completion) {
    startOperator(settings, completion, Clock.systemUTC());
  }

  /** Only the Backup reconciler, with {@code completion} plugged in as the policy's would be. */
  private void startOperator(BackupRunSettings settings, BackupCompletion completion, Clock clock) {
    KubernetesClient own = cluster.newClient();
    operator =
        new Operator(
            o ->
                o.withKubernetesClient(own)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false));
    operator.register(
        new BackupReconciler(
            own,
            new EventRecorder(own, clock),
            new HookRunner(exec),
            new BackupMetrics(new OperatorMetrics()),
            settings,
            completion,
            clock));
    operator.start();
  }

  private void pod(String name) {
    workloads.pod(APP, name, "node-a", "data", DIGEST, Map.of());
  }

  /** Writes the end an agent writes. */
  private void playTheAgent(String name, String phase) {
    StatusWrites.write(
        client,
        workloads.backupNow(OPS, name),
        backup -> {
          backup.setStatus(
              BackupStatusBuilder.from(backup.getStatus())
                  .phase(BackupPhase.valueOf(phase.toUpperCase(Locale.ROOT)))
                  .snapshot("ab".repeat(32), 3, 1000, 100)
                  .completionTime(KubeTimes.format(Instant.now()))
                  .build());
          return backup;
        });
  }

  private static HookSpec hook(String command, String onError) {
    return new HookSpec(command, null, List.of(command), null, onError);
  }

  private Backup awaitFinished(String name) {
    return await(
        "Backup " + name + " finished",
        () -> workloads.backupNow(OPS, name),
        b ->
            b.getStatus() != null
                && Conditions.find(b.getStatus().conditions(), BackupConditions.FINISHED)
                    .isPresent());
  }

  private Backup awaitPhase(String name, BackupPhase phase) {
    return await(
        "Backup " + name + " " + phase.text(),
        () -> workloads.backupNow(OPS, name),
        b -> b.getStatus() != null && phase.text().equals(b.getStatus().phase()));
  }

  private static Condition condition(Backup backup, String type) {
    return Conditions.find(backup.getStatus().conditions(), type).orElseThrow();
  }

  private List<String> warnings(String name) {
    return client.v1().events().inNamespace(OPS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> "Warning".equals(e.getType()))
        .map(Event::getReason)
        .toList();
  }
}
