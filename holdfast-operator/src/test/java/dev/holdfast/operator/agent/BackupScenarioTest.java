package dev.holdfast.operator.agent;

import static dev.holdfast.operator.testing.KubeTestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.restore.Restore;
import dev.holdfast.core.restore.RestoreProgress;
import dev.holdfast.core.restore.RestoreRequest;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.local.LocalBlobStore;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.core.testing.TreeAssertions;
import dev.holdfast.core.testing.TreeGenerator;
import dev.holdfast.operator.HoldfastOperator;
import dev.holdfast.operator.OperatorSettings;
import dev.holdfast.operator.api.Backup;
import dev.holdfast.operator.api.BackupRepositorySpec;
import dev.holdfast.operator.api.HookSpec;
import dev.holdfast.operator.api.HooksSpec;
import dev.holdfast.operator.api.ObjectReference;
import dev.holdfast.operator.api.SecretKeyReference;
import dev.holdfast.operator.api.SecretReference;
import dev.holdfast.operator.backup.BackupConditions;
import dev.holdfast.operator.backup.BackupPhase;
import dev.holdfast.operator.backup.BackupRunSettings;
import dev.holdfast.operator.backup.UndoFinalizer;
import dev.holdfast.operator.hooks.HookRunner;
import dev.holdfast.operator.kube.Conditions;
import dev.holdfast.operator.metrics.BackupMetrics;
import dev.holdfast.operator.testing.KubeTestCluster;
import dev.holdfast.operator.testing.ScriptedPodExec;
import dev.holdfast.operator.testing.ScriptedPodExec.Call;
import dev.holdfast.operator.testing.Workloads;
import dev.holdfast.s3.S3BlobStore;
import dev.holdfast.s3.S3Location;
import dev.holdfast.s3.testing.LocalS3;
import dev.holdfast.s3.testing.S3ProxyServer;
import dev.holdfast.s3.testing.SettableClock;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Backup end to end: the operator (hooks, node, heartbeat watch, end) and the node agent (the
 * kubelet folder, holdfast-core's backup into a real repository), with the test playing the kubelet
 * and the scheduler; hook commands answer in process ({@link ScriptedPodExec}). What was backed up
 * is read back with holdfast-core.
 */
class BackupScenarioTest {
  private static final String OPS = "holdfast";
  private static final String APP = "shop";
  private static final String NODE = "node-a";
  private static final String PASSPHRASE = TestRepositories.PASSPHRASE;
  private static final String DIGEST = "sha256:" + "5eed".repeat(16);
  private static final ObjectReference CLAIM = new ObjectReference(APP, "data");

  @RegisterExtension static final LocalS3 S3 = new LocalS3();

  @TempDir Path temp;
  private KubeTestCluster cluster;
  private Workloads workloads;
  private Path volume;
  private Pod pod;
  private final List<AutoCloseable> agents = new ArrayList<>();
  private final ScriptedPodExec exec = new ScriptedPodExec();

  @BeforeEach
  void start() throws IOException {
    cluster = KubeTestCluster.start();
    cluster.namespace(OPS);
    cluster.namespace(APP);
    workloads = new Workloads(cluster, temp.resolve("kubelet"));
    workloads.claim(APP, "data", "pv-data");
    pod =
        workloads.pod(APP, "db-0", NODE, "data", DIGEST, Map.of("app.kubernetes.io/name", "shop"));
    volume = workloads.mountFolder(pod, "pv-data");
    new TreeGenerator(7).write(volume, 400_000);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable agent : agents) {
      agent.close();
    }
    cluster.close();
  }

  @Test
  void aClaimIsBackedUpIntoALocalRepositoryAndRestoresIdentically() throws IOException {
    Path repo = localRepository();
    workloads.repository(OPS, "main", repo.toString(), PASSPHRASE);
    hooksAnswer("flush", 0);
    hooksAnswer("thaw", 0);
    HoldfastOperator operator = cluster.startOperator(operatorSettings(Clock.systemUTC()), exec);
    agent(BackupRunner.CORE, Clock.systemUTC());

    workloads.backup(
        OPS,
        "manual-1",
        "main",
        CLAIM,
        new HooksSpec(List.of(hook("flush")), List.of(hook("thaw"))));
    Backup done = awaitFinished("manual-1");

    assertThat(done.getStatus().phase())
        .as("errors: %s", done.getStatus().errors())
        .isEqualTo("Completed");
    assertThat(done.getStatus().node()).isEqualTo(NODE);
    assertThat(done.getStatus().consistency()).isEqualTo("live");
    assertThat(done.getStatus().appVersions()).containsExactly("shop=" + DIGEST);
    assertThat(done.getStatus().hooks())
        .extracting(h -> h.stage() + ":" + h.name() + ":" + h.outcome())
        .containsExactly("pre:flush:Succeeded", "post:thaw:Succeeded");
    assertThat(done.getStatus().errors()).isNull();
    try (Repository repository = openLocal(repo)) {
      Snapshot snapshot = onlySnapshot(repository);
      assertThat(snapshot.id().toHex()).isEqualTo(done.getStatus().snapshotId());
      assertThat(snapshot.source()).isEqualTo("k8s://test/shop/data");
      assertThat(snapshot.appVersions()).containsExactly(new AppVersion("shop", DIGEST));
      assertThat(snapshot.tags()).containsExactly("manual");
      assertThat(snapshot.host()).isEqualTo(NODE);
      assertThat(snapshot.stats().files()).isEqualTo(done.getStatus().files());
      assertThat(snapshot.stats().bytesAdded()).isEqualTo(done.getStatus().bytesAdded());
      assertRestoresTo(repository, snapshot, volume);
    }
    assertThat(events("manual-1")).contains("Started", "Completed");

    MetricSnapshots metrics = operator.metrics().registry().scrape();
    assertThat(counter(metrics, BackupMetrics.TOTAL, "result", "completed")).isEqualTo(1.0);
    assertThat(counter(metrics, BackupMetrics.TOTAL, "result", "failed")).isZero();
    assertThat(counter(metrics, BackupMetrics.BYTES, "namespace", APP))
        .isEqualTo(done.getStatus().bytesAdded().doubleValue());
    assertThat(counter(metrics, BackupMetrics.READ_BYTES, "namespace", APP))
        .isEqualTo(done.getStatus().bytes().doubleValue());
    assertThat(gauge(metrics, BackupMetrics.LAST_SUCCESS, "claim", "data"))
        .isEqualTo((double) Instant.parse(done.getStatus().completionTime()).getEpochSecond());
    assertThat(histogramCount(metrics, BackupMetrics.DURATION)).isEqualTo(1);
    assertThat(gauge(metrics, BackupMetrics.RUNNING, "namespace", APP)).isZero();
  }

  @Test
  void aClaimIsBackedUpIntoAnS3Repository() throws IOException {
    S3Location bucket = S3.newBucket("operator");
    TestRepositories.init(S3BlobStore.open(bucket, S3.options())).close();
    cluster.secret(
        OPS,
        "s3-creds",
        Map.of(
            "accessKeyId", S3ProxyServer.ACCESS_KEY,
            "secretAccessKey", S3ProxyServer.SECRET_KEY));
    cluster.secret(OPS, "s3-pass", Map.of("passphrase", PASSPHRASE));
    workloads.repository(
        OPS,
        "s3",
        new BackupRepositorySpec(
            bucket.toString(),
            new SecretKeyReference("s3-pass", "passphrase"),
            new SecretReference("s3-creds"),
            null,
            true,
            null,
            true,
            null,
            null));
    cluster.startOperator(operatorSettings(Clock.systemUTC()), exec);
    agent(BackupRunner.CORE, Clock.systemUTC());

    workloads.backup(OPS, "to-s3", "s3", CLAIM, null);
    Backup done = awaitFinished("to-s3");

    assertThat(done.getStatus().phase())
        .as("errors: %s", done.getStatus().errors())
        .isEqualTo("Completed");
    try (Repository repository =
        Repository.open(
            S3BlobStore.open(bucket, S3.options()), PASSPHRASE.toCharArray(), Clock.systemUTC())) {
      Snapshot snapshot = onlySnapshot(repository);
      assertThat(snapshot.appVersions()).containsExactly(new AppVersion("shop", DIGEST));
      assertRestoresTo(repository, snapshot, volume);
    }
  }

  @Test
  void aWrongPassphraseFailsTheBackupClearlyWithoutShowingIt() {
    Path repo = localRepository();
    workloads.repository(OPS, "main", repo.toString(), "not the passphrase");
    cluster.startOperator(operatorSettings(Clock.systemUTC()), exec);
    agent(BackupRunner.CORE, Clock.systemUTC());

    workloads.backup(OPS, "wrong-pass", "main", CLAIM, null);
    Backup done = awaitFinished("wrong-pass");

    assertThat(done.getStatus().phase()).isEqualTo("Failed");
    assertThat(done.getStatus().errors())
        .singleElement()
        .asString()
        .startsWith("WrongPassphrase: ")
        .doesNotContain("not the passphrase");
    assertThat(events("wrong-pass")).contains("Failed");
    try (Repository repository = openLocal(repo)) {
      assertThat(repository.snapshots().list().snapshots()).isEmpty();
    }
  }

  @Test
  void aRepositoryThatCannotBeMadeFailsTheBackupNamingThePlace() throws IOException {
    Path file = Files.writeString(temp.resolve("a-file"), "not a folder");
    workloads.repository(OPS, "main", file.resolve("repo").toString(), PASSPHRASE);
    cluster.startOperator(operatorSettings(Clock.systemUTC()), exec);
    agent(BackupRunner.CORE, Clock.systemUTC());

    workloads.backup(OPS, "bad-place", "main", CLAIM, null);
    Backup done = awaitFinished("bad-place");

    assertThat(done.getStatus().phase()).isEqualTo("Failed");
    assertThat(done.getStatus().errors())
        .singleElement()
        .asString()
        .startsWith("RepositoryNotFound: cannot create a repository at " + file.resolve("repo"));
  }

  @Test
  void aPreHookThatTimesOutFailsTheBackupBeforeAnyDataIsReadAndThePostHooksStillRun() {
    Path repo = localRepository();
    workloads.repository(OPS, "main", repo.toString(), PASSPHRASE);
    exec.hangs(APP, "db-0", List.of("checkpoint"), "working\n");
    hooksAnswer("thaw", 0);
    cluster.startOperator(operatorSettings(Clock.systemUTC()), exec);
    agent(BackupRunner.CORE, Clock.systemUTC());

    workloads.backup(
        OPS,
        "slow-hook",
        "main",
        CLAIM,
        new HooksSpec(
            List.of(new HookSpec("checkpoint", null, List.of("checkpoint"), "1s", "fail")),
            List.of(hook("thaw"))));
    Backup done = awaitFinished("slow-hook");

    assertThat(done.getStatus().phase()).isEqualTo("Failed");
    assertThat(done.getStatus().node()).as("never assigned to a node").isNull();
    assertThat(done.getMetadata().getLabels()).doesNotContainKey(HoldfastAgent.NODE_LABEL);
    assertThat(done.getStatus().errors())
        .containsExactly(
            "pre hook 'checkpoint' in pod db-0 (container app) did not finish within 1s: working");
    assertThat(done.getStatus().hooks())
        .extracting(h -> h.stage() + ":" + h.name() + ":" + h.outcome())
        .containsExactly("pre:checkpoint:TimedOut", "post:thaw:Succeeded");
    assertThat(exec.calls())
        .extracting(Call::describe, Call::timeout)
        .containsExactly(
            tuple("checkpoint@db-0/app", Duration.ofSeconds(1)),
            tuple("thaw@db-0/app", HookRunner.DEFAULT_TIMEOUT));
    assertThat(
            Conditions.find(done.getStatus().conditions(), BackupConditions.PRE_HOOKS_SUCCEEDED)
                .orElseThrow()
                .getReason())
        .isEqualTo("HookTimedOut");
    try (Repository repository = openLocal(repo)) {
      assertThat(repository.snapshots().list().snapshots()).isEmpty();
    }
  }

  @Test
  void aClaimDeletedDuringTheBackupFailsItNamingTheClaim() throws Exception {
    Path repo = localRepository();
    workloads.repository(OPS, "main", repo.toString(), PASSPHRASE);
    HeldRunner held = new HeldRunner();
    cluster.startOperator(operatorSettings(Clock.systemUTC()), exec);
    HoldfastAgent agent = agent(held, Clock.systemUTC());
    workloads.backup(OPS, "doomed", "main", CLAIM, null);
    held.awaitEntered();

    cluster.client().persistentVolumeClaims().inNamespace(APP).withName("data").delete();
    Backup done = awaitFinished("doomed");
    held.awaitInterrupted();
    agent.close();

    assertThat(done.getStatus().phase()).isEqualTo("Failed");
    assertThat(done.getStatus().errors())
        .containsExactly(
            "ClaimDeleted: PersistentVolumeClaim shop/data was deleted during the backup");
    assertThat(workloads.backupNow(OPS, "doomed").getStatus().phase())
        .as("the agent, told by its heartbeat, stopped the job without writing")
        .isEqualTo("Failed");
    try (Repository repository = openLocal(repo)) {
      assertThat(repository.snapshots().list().snapshots()).isEmpty();
    }
  }

  @Test
  void anOperatorRestartedWhileTheAgentRunsFinishesTheBackupTheAgentCompletes() throws Exception {
    Path repo = localRepository();
    workloads.repository(OPS, "main", repo.toString(), PASSPHRASE);
    hooksAnswer("flush", 0);
    hooksAnswer("thaw", 0);
    HeldRunner held = new HeldRunner();
    HoldfastOperator first = cluster.startOperator(operatorSettings(Clock.systemUTC()), exec);
    agent(held, Clock.systemUTC());
    workloads.backup(
        OPS,
        "across-restart",
        "main",
        CLAIM,
        new HooksSpec(List.of(hook("flush")), List.of(hook("thaw"))));
    held.awaitEntered();

    first.close();
    HoldfastOperator second = cluster.startOperator(operatorSettings(Clock.systemUTC()), exec);
    held.release();
    Backup done = awaitFinished("across-restart");

    assertThat(done.getStatus().phase()).isEqualTo("Completed");
    assertThat(done.getStatus().hooks())
        .extracting(h -> h.stage() + ":" + h.name() + ":" + h.outcome())
        .containsExactly("pre:flush:Succeeded", "post:thaw:Succeeded");
    assertThat(exec.calls())
        .as("the first operator ran the pre hook, the second the post hook, each once")
        .extracting(Call::describe)
        .containsExactly("flush@db-0/app", "thaw@db-0/app");
    assertThat(
            counter(
                second.metrics().registry().scrape(), BackupMetrics.TOTAL, "result", "completed"))
        .isEqualTo(1.0);
    try (Repository repository = openLocal(repo)) {
      assertRestoresTo(repository, onlySnapshot(repository), volume);
    }
  }

  @Test
  void anOperatorRestartedAfterTheAgentWentAwayFailsTheBackupNamingTheNode() throws Exception {
    Path repo = localRepository();
    workloads.repository(OPS, "main", repo.toString(), PASSPHRASE);
    SettableClock clock = new SettableClock(Instant.parse("2026-11-25T10:00:00Z"));
    HeldRunner held = new HeldRunner();
    HoldfastOperator first = cluster.startOperator(operatorSettings(clock), exec);
    HoldfastAgent agent = agent(held, clock);
    workloads.backup(OPS, "abandoned", "main", CLAIM, null);
    held.awaitEntered();

    agent.close();
    first.close();
    clock.advance(Duration.ofMinutes(5));
    cluster.startOperator(operatorSettings(clock), exec);
    Backup done = awaitFinished("abandoned");

    assertThat(done.getStatus().phase()).isEqualTo("Failed");
    assertThat(done.getStatus().errors())
        .containsExactly(
            "AgentLost: the agent on node node-a stopped reporting: its last heartbeat was at"
                + " 2026-11-25T10:00:00Z, more than 1m ago");
    assertThat(events("abandoned")).contains("Failed");
  }

  @Test
  void anAgentRestartedMidBackupRunsItAgainToTheEnd() throws Exception {
    Path repo = localRepository();
    workloads.repository(OPS, "main", repo.toString(), PASSPHRASE);
    HeldRunner held = new HeldRunner();
    cluster.startOperator(operatorSettings(Clock.systemUTC()), exec);
    HoldfastAgent first = agent(held, Clock.systemUTC());
    workloads.backup(OPS, "resumed", "main", CLAIM, null);
    held.awaitEntered();

    first.close();
    assertThat(workloads.backupNow(OPS, "resumed").getStatus().phase()).isEqualTo("Running");
    agent(BackupRunner.CORE, Clock.systemUTC());
    Backup done = awaitFinished("resumed");

    assertThat(done.getStatus().phase()).isEqualTo("Completed");
    try (Repository repository = openLocal(repo)) {
      assertRestoresTo(repository, onlySnapshot(repository), volume);
    }
  }

  @Test
  void deletingARunningBackupWhosePreHookFrozeRunsTheThawOnceStopsTheAgentAndTheBackupGoes()
      throws Exception {
    Path repo = localRepository();
    workloads.repository(OPS, "main", repo.toString(), PASSPHRASE);
    hooksAnswer("freeze", 0);
    hooksAnswer("thaw", 0);
    HeldRunner held = new HeldRunner();
    cluster.startOperator(operatorSettings(Clock.systemUTC()), exec);
    agent(held, Clock.systemUTC());
    workloads.backup(
        OPS,
        "deleted",
        "main",
        CLAIM,
        new HooksSpec(List.of(hook("freeze")), List.of(hook("thaw"))));
    held.awaitEntered();
    Backup running = workloads.backupNow(OPS, "deleted");

    delete("deleted");
    awaitGone("deleted");
    held.awaitInterrupted();
    assertThat(held.cancellationRequested()).as("core's backup was told to stop").isTrue();

    assertThat(running.getMetadata().getFinalizers())
        .as("held while the application is frozen")
        .containsExactly(UndoFinalizer.NAME);
    assertThat(exec.calls())
        .extracting(Call::describe)
        .containsExactly("freeze@db-0/app", "thaw@db-0/app");
    assertThat(eventMessages("deleted", "Deleted"))
        .containsExactly(
            "deleted while Running; post hooks: Succeeded (1 post hook runs succeeded)");
    try (Repository repository = openLocal(repo)) {
      assertThat(repository.snapshots().list().snapshots()).isEmpty();
    }
  }

  @Test
  void aBackupWhosePostHookFailsOnDeletionIsStillDeletedWithAWarningSayingWhatFailed()
      throws Exception {
    workloads.repository(OPS, "main", localRepository().toString(), PASSPHRASE);
    hooksAnswer("freeze", 0);
    hooksAnswer("thaw", 3);
    HeldRunner held = new HeldRunner();
    cluster.startOperator(operatorSettings(Clock.systemUTC()), exec);
    agent(held, Clock.systemUTC());
    workloads.backup(
        OPS, "stuck", "main", CLAIM, new HooksSpec(List.of(hook("freeze")), List.of(hook("thaw"))));
    held.awaitEntered();

    delete("stuck");
    awaitGone("stuck");

    assertThat(exec.calls())
        .extracting(Call::describe)
        .containsExactly("freeze@db-0/app", "thaw@db-0/app");
    assertThat(eventMessages("stuck", "Deleted"))
        .singleElement()
        .asString()
        .startsWith("deleted while Running; post hooks: HookFailed (post hook 'thaw' in pod db-0")
        .contains("exit");
    assertThat(events("stuck")).contains("HookFailed");
  }

  @Test
  void backupsWithNothingToUndoCarryNoFinalizerAndAreDeletedAtOnce() {
    workloads.repository(OPS, "main", localRepository().toString(), PASSPHRASE);
    hooksAnswer("freeze", 0);
    hooksAnswer("thaw", 0);
    cluster.startOperator(operatorSettings(Clock.systemUTC()), exec);
    agent(BackupRunner.CORE, Clock.systemUTC());
    workloads.backup(
        OPS,
        "no-claim",
        "main",
        new ObjectReference(APP, "missing"),
        new HooksSpec(List.of(hook("freeze")), List.of(hook("thaw"))));
    workloads.backup(
        OPS,
        "hooked",
        "main",
        CLAIM,
        new HooksSpec(List.of(hook("freeze")), List.of(hook("thaw"))));

    Backup failed = awaitFinished("no-claim");
    Backup completed =
        await(
            "Backup hooked finished, its finalizer off",
            () -> workloads.backupNow(OPS, "hooked"),
            b ->
                b.getStatus() != null
                    && Conditions.find(b.getStatus().conditions(), BackupConditions.FINISHED)
                        .isPresent()
                    && !UndoFinalizer.holds(b));

    assertThat(failed.getStatus().phase()).isEqualTo("Failed");
    assertThat(failed.getMetadata().getFinalizers()).as("never reached its hooks").isNullOrEmpty();
    assertThat(completed.getStatus().phase()).isEqualTo("Completed");
    assertThat(completed.getMetadata().getFinalizers()).isNullOrEmpty();
    delete("no-claim");
    delete("hooked");
    assertThat(workloads.backupNow(OPS, "no-claim")).as("deleted at once").isNull();
    assertThat(workloads.backupNow(OPS, "hooked")).as("deleted at once").isNull();
    assertThat(exec.calls())
        .as("the Backup without a claim ran no hook; the other ran each once")
        .extracting(Call::describe)
        .containsExactly("freeze@db-0/app", "thaw@db-0/app");
  }

  @Test
  void anOperatorRestartedBetweenTheDeletionAndItsCleanupFinishesIt() throws Exception {
    workloads.repository(OPS, "main", localRepository().toString(), PASSPHRASE);
    hooksAnswer("freeze", 0);
    hooksAnswer("thaw", 0);
    HeldRunner held = new HeldRunner();
    HoldfastOperator first = cluster.startOperator(operatorSettings(Clock.systemUTC()), exec);
    agent(held, Clock.systemUTC());
    workloads.backup(
        OPS,
        "orphaned",
        "main",
        CLAIM,
        new HooksSpec(List.of(hook("freeze")), List.of(hook("thaw"))));
    held.awaitEntered();

    first.close();
    delete("orphaned");
    held.awaitInterrupted();
    Backup waiting = workloads.backupNow(OPS, "orphaned");
    cluster.startOperator(operatorSettings(Clock.systemUTC()), exec);
    awaitGone("orphaned");

    assertThat(waiting.isMarkedForDeletion())
        .as("with no operator, the finalizer keeps the Backup until its post hooks ran")
        .isTrue();
    assertThat(exec.calls())
        .extracting(Call::describe)
        .containsExactly("freeze@db-0/app", "thaw@db-0/app");
    assertThat(eventMessages("orphaned", "Deleted")).hasSize(1);
  }

  private void hooksAnswer(String command, int exitCode) {
    exec.answers(APP, "db-0", List.of(command), command + " done\n", exitCode);
  }

  private static HookSpec hook(String command) {
    return new HookSpec(command, null, List.of(command), null, null);
  }

  private OperatorSettings operatorSettings(Clock clock) {
    return OperatorSettings.defaults()
        .withClock(clock)
        .withBackups(
            BackupRunSettings.defaults().withTimes(Duration.ofMinutes(1), Duration.ofMillis(300)));
  }

  private HoldfastAgent agent(BackupRunner runner, Clock clock) {
    AgentSettings settings =
        new AgentSettings(
            NODE,
            workloads.kubeletRoot(),
            "test",
            clock,
            Optional::empty,
            false,
            2,
            Duration.ofMillis(200),
            java.util.Set.of());
    HoldfastAgent agent = HoldfastAgent.start(cluster.newClient(), settings, runner);
    agents.add(agent);
    return agent;
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
        "Backup " + name + " " + phase.text(), () -> workloads.backupNow(OPS, name), phase::is);
  }

  private void delete(String name) {
    cluster.client().resources(Backup.class).inNamespace(OPS).withName(name).delete();
  }

  private void awaitGone(String name) {
    await("Backup " + name + " gone", () -> workloads.backupNow(OPS, name) == null, gone -> gone);
  }

  private List<String> eventMessages(String name, String reason) {
    return cluster.client().v1().events().inNamespace(OPS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .map(Event::getMessage)
        .toList();
  }

  private List<String> events(String name) {
    return cluster.client().v1().events().inNamespace(OPS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(Event::getReason)
        .toList();
  }

  /**
   * A repository made beforehand with a fast key derivation: with the operator's defaults, each
   * open costs seconds of Argon2id on a busy test machine.
   */
  private Path localRepository() {
    Path repo = temp.resolve("repo");
    TestRepositories.init(LocalBlobStore.create(repo)).close();
    return repo;
  }

  private static Repository openLocal(Path repo) {
    BlobStore store = LocalBlobStore.open(repo);
    return Repository.open(store, PASSPHRASE.toCharArray(), Clock.systemUTC());
  }

  private static Snapshot onlySnapshot(Repository repository) {
    List<Snapshot> all = repository.snapshots().list().snapshots();
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  private void assertRestoresTo(Repository repository, Snapshot snapshot, Path expected)
      throws IOException {
    Path target = Files.createTempDirectory(temp, "restored");
    new Restore(repository).run(RestoreRequest.of(snapshot, target), new RestoreProgress());
    TreeAssertions.assertSameTree(expected, target, "restored snapshot");
  }

  private static double counter(MetricSnapshots all, String name, String label, String value) {
    return find(all, name).getDataPoints().stream()
        .map(CounterSnapshot.CounterDataPointSnapshot.class::cast)
        .filter(p -> value.equals(p.getLabels().get(label)))
        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue)
        .sum();
  }

  private static double gauge(MetricSnapshots all, String name, String label, String value) {
    return find(all, name).getDataPoints().stream()
        .map(GaugeSnapshot.GaugeDataPointSnapshot.class::cast)
        .filter(p -> value.equals(p.getLabels().get(label)))
        .mapToDouble(GaugeSnapshot.GaugeDataPointSnapshot::getValue)
        .sum();
  }

  private static long histogramCount(MetricSnapshots all, String name) {
    return find(all, name).getDataPoints().stream()
        .map(HistogramSnapshot.HistogramDataPointSnapshot.class::cast)
        .mapToLong(HistogramSnapshot.HistogramDataPointSnapshot::getCount)
        .sum();
  }

  private static MetricSnapshot find(MetricSnapshots all, String name) {
    String bare = name.endsWith("_total") ? name.substring(0, name.length() - 6) : name;
    return all.stream()
        .filter(
            m ->
                m.getMetadata().getPrometheusName().equals(bare)
                    || m.getMetadata().getName().equals(bare))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name));
  }
}
