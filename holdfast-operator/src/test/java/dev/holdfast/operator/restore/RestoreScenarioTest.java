package dev.holdfast.operator.restore;

import static dev.holdfast.operator.restore.RestoreScenario.APP;
import static dev.holdfast.operator.restore.RestoreScenario.NODE;
import static dev.holdfast.operator.restore.RestoreScenario.REPOSITORY;
import static dev.holdfast.operator.restore.RestoreScenario.existingClaim;
import static dev.holdfast.operator.restore.RestoreScenario.newClaim;
import static dev.holdfast.operator.restore.RestoreScenario.snapshot;
import static dev.holdfast.operator.testing.KubeTestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.content.BlobType;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.testing.CraftedSnapshots;
import dev.holdfast.core.testing.TreeAssertions;
import dev.holdfast.core.testing.TreeGenerator;
import dev.holdfast.operator.api.ObjectReference;
import dev.holdfast.operator.api.Restore;
import dev.holdfast.operator.api.RestoreSpec;
import dev.holdfast.operator.api.RestoreStatus;
import dev.holdfast.operator.kube.Conditions;
import dev.holdfast.s3.testing.LocalS3;
import dev.holdfast.sast.sarif.SarifReader;
import dev.holdfast.sast.store.IngestRequest;
import dev.holdfast.sast.store.SarifIngest;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restores end to end: the operator chooses the snapshot and prepares the claim, the node agent
 * writes a real snapshot (backed up with holdfast-core into a local or S3 repository) into the
 * simulated kubelet folder of the helper pod, and the operator cleans up.
 */
class RestoreScenarioTest {
  private static final long SEED = 20261125L;
  private static final OffsetDateTime MONDAY =
      OffsetDateTime.of(2026, 11, 23, 2, 0, 0, 0, ZoneOffset.UTC);

  /** Real SARIF reports of real scanners, kept by holdfast-sast's tests. */
  private static final Path CORPUS = Path.of("../holdfast-sast/src/test/resources/sarif-corpus");

  @RegisterExtension static final LocalS3 S3 = new LocalS3();

  @TempDir Path temp;
  private RestoreScenario scenario;

  @BeforeEach
  void start() {
    scenario = RestoreScenario.start(temp);
  }

  @AfterEach
  void stop() {
    scenario.close();
  }

  @Test
  void aSnapshotIsRestoredIntoANewClaimTheOperatorCreates() throws Exception {
    Path source = temp.resolve("source");
    new TreeGenerator(SEED).write(source, 2 << 20);
    Snapshot snap;
    try (Repository repo = scenario.localRepository(temp.resolve("repo"))) {
      snap = RestoreScenario.backup(repo, source, "data", MONDAY);
    }

    scenario.create(
        "to-new-claim",
        new RestoreSpec(
            REPOSITORY, snapshot(snap.id().toShortHex()), newClaim("restored"), null, true));
    PersistentVolumeClaim claim = scenario.bindWhenCreated("restored", "pv-restored");
    Path mount =
        scenario.scheduleHelper(
            "to-new-claim", NODE, "pv-restored", RestoreScenario.FolderSetup.EMPTY);
    Restore done = scenario.awaitFinished("to-new-claim");

    RestoreStatus status = done.getStatus();
    assertThat(status.phase()).as("errors: %s", status.errors()).isEqualTo("Completed");
    TreeAssertions.assertSameTree(source, mount, "seed " + SEED);
    assertThat(status.snapshotId()).isEqualTo(snap.id().toHex());
    assertThat(status.files()).isEqualTo(snap.stats().files());
    assertThat(status.verifiedFiles()).isPositive();
    assertThat(status.node()).isEqualTo(NODE);
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("standard");
    assertThat(claim.getSpec().getResources().getRequests().get("storage").toString())
        .isEqualTo("1Gi");
    assertThat(scenario.helperPod("to-new-claim")).as("helper pod removed").isNull();
    Condition completed =
        Conditions.find(status.conditions(), RestoreReconciler.COMPLETED_CONDITION).orElseThrow();
    assertThat(completed.getStatus()).isEqualTo("True");
    assertThat(scenario.metrics())
        .contains("holdfast_restore_total{namespace=\"shop\",result=\"Completed\"} 1.0")
        .contains("holdfast_restore_duration_seconds_count{namespace=\"shop\"} 1");
  }

  @Test
  void aCompletedBackupInAnS3RepositoryIsRestoredIntoANewClaim() throws Exception {
    Path source = temp.resolve("source");
    new TreeGenerator(SEED + 1).write(source, 1 << 20);
    Snapshot snap;
    try (Repository repo = scenario.s3Repository(S3)) {
      snap = RestoreScenario.backup(repo, source, "data", MONDAY);
    }
    scenario.completedBackup("nightly-1", snap);

    scenario.create(
        "from-backup",
        new RestoreSpec(
            REPOSITORY,
            new RestoreSpec.RestoreSource(null, "nightly-1", null),
            newClaim("restored"),
            null,
            null));
    scenario.bindWhenCreated("restored", "pv-restored");
    Path mount =
        scenario.scheduleHelper(
            "from-backup", NODE, "pv-restored", RestoreScenario.FolderSetup.EMPTY);
    Restore done = scenario.awaitFinished("from-backup");

    assertThat(done.getStatus().phase())
        .as("errors: %s", done.getStatus().errors())
        .isEqualTo("Completed");
    assertThat(done.getStatus().snapshotId()).isEqualTo(snap.id().toHex());
    assertThat(done.getStatus().verifiedFiles()).as("verify not asked").isNull();
    TreeAssertions.assertSameTree(source, mount, "seed " + (SEED + 1));
  }

  @Test
  void aBackupThatHasNotCompletedIsRefusedNamingItsPhase() throws Exception {
    // An empty repository: the Backup is refused before any snapshot is looked up.
    scenario.localRepository(temp.resolve("repo")).close();
    // Failed, not Running: the operator's own BackupReconciler would fail a Running Backup that no
    // agent reports on before the Restore looks at it; the refusal is the same for any phase.
    scenario.backupInPhase("nightly-2", "Failed");

    scenario.create(
        "from-running-backup",
        new RestoreSpec(
            REPOSITORY,
            new RestoreSpec.RestoreSource(null, "nightly-2", null),
            newClaim("restored"),
            null,
            null));
    Restore failed = scenario.awaitFinished("from-running-backup");

    assertFailed(failed, "UsageError", "Backup holdfast/nightly-2 is Failed, not Completed");
    assertThat(scenario.claim("restored")).as("no claim created").isNull();
  }

  @Test
  void inPlaceScalesTheDeploymentDownRestoresAndScalesItBack() throws Exception {
    Path source = appData(temp.resolve("source"));
    Snapshot snap;
    try (Repository repo = scenario.localRepository(temp.resolve("repo"))) {
      snap = RestoreScenario.backup(repo, source, "data", MONDAY);
    }
    scenario.boundClaim("data", "pv-data");
    List<Pod> pods = scenario.deployment("web", 2, "data");

    scenario.create(
        "in-place",
        new RestoreSpec(
            REPOSITORY, snapshot(snap.id().toHex()), existingClaim("data", true), null, true));
    Restore scaling = scenario.awaitPhase("in-place", "ScalingDown");
    assertThat(scaling.getStatus().scaledWorkloads()).containsExactly("Deployment/web=2");
    await("web scaled to zero", () -> scenario.replicas("web"), r -> r == 0);
    scenario.deletePods(pods);
    Path mount = scenario.scheduleHelper("in-place", NODE, "pv-data", RestoreScenarioTest::damage);
    Restore done = scenario.awaitFinished("in-place");

    assertThat(done.getStatus().phase())
        .as("errors: %s", done.getStatus().errors())
        .isEqualTo("Completed");
    TreeAssertions.assertSameTree(source, mount, "in place");
    assertThat(scenario.replicas("web")).as("scaled back").isEqualTo(2);
    assertThat(scenario.helperPod("in-place")).isNull();
  }

  @Test
  void aRestartedOperatorResumesAnInPlaceRestoreFromItsStatus() throws Exception {
    Path source = appData(temp.resolve("source"));
    Snapshot snap;
    try (Repository repo = scenario.localRepository(temp.resolve("repo"))) {
      snap = RestoreScenario.backup(repo, source, "data", MONDAY);
    }
    scenario.boundClaim("data", "pv-data");
    List<Pod> pods = scenario.deployment("web", 3, "data");

    scenario.create(
        "resumed",
        new RestoreSpec(
            REPOSITORY, snapshot(snap.id().toHex()), existingClaim("data", true), null, null));
    await("web scaled to zero", () -> scenario.replicas("web"), r -> r == 0);
    scenario.stopOperator();
    // While no operator runs, the controller-manager removes the pods.
    scenario.deletePods(pods);
    scenario.startOperator();
    Path mount = scenario.scheduleHelper("resumed", NODE, "pv-data", RestoreScenarioTest::damage);
    Restore done = scenario.awaitFinished("resumed");

    assertThat(done.getStatus().phase())
        .as("errors: %s", done.getStatus().errors())
        .isEqualTo("Completed");
    TreeAssertions.assertSameTree(source, mount, "resumed");
    assertThat(scenario.replicas("web")).as("scaled back to what the status recorded").isEqualTo(3);
  }

  @Test
  void latestCleanSkipsNewerSnapshotsWhoseAppVersionIsVulnerableOrUnknown() throws Exception {
    Path data = Files.createDirectories(temp.resolve("volume"));
    Snapshot v1;
    Snapshot v2;
    Snapshot v3;
    try (Repository repo = scenario.localRepository(temp.resolve("repo"))) {
      Files.writeString(data.resolve("state.txt"), "written by v1");
      v1 = RestoreScenario.backup(repo, data, "data", MONDAY, new AppVersion("shop", "v1"));
      Files.writeString(data.resolve("state.txt"), "written by v2");
      v2 =
          RestoreScenario.backup(
              repo, data, "data", MONDAY.plusDays(1), new AppVersion("shop", "v2"));
      Files.writeString(data.resolve("state.txt"), "written by v3");
      v3 =
          RestoreScenario.backup(
              repo, data, "data", MONDAY.plusDays(2), new AppVersion("shop", "v3"));
      // Newer and clean, but of another claim: not a candidate.
      RestoreScenario.backup(repo, data, "other", MONDAY.plusDays(3), new AppVersion("shop", "v1"));
      ingest(repo, "v1", "shiftleft-bash-report.sarif"); // notes only: clean under gate high
      ingest(repo, "v2", "shiftleft-bandit-report.sarif"); // errors: high findings
      // v3 has no report: unknown
    }

    scenario.create(
        "incident",
        new RestoreSpec(
            REPOSITORY,
            new RestoreSpec.RestoreSource(
                null,
                null,
                new RestoreSpec.LatestClean(new ObjectReference(APP, "data"), "shop", "high")),
            newClaim("recovered"),
            null,
            true));
    scenario.bindWhenCreated("recovered", "pv-recovered");
    Path mount =
        scenario.scheduleHelper(
            "incident", NODE, "pv-recovered", RestoreScenario.FolderSetup.EMPTY);
    Restore done = scenario.awaitFinished("incident");

    assertThat(done.getStatus().phase())
        .as("errors: %s", done.getStatus().errors())
        .isEqualTo("Completed");
    assertThat(done.getStatus().snapshotId()).isEqualTo(v1.id().toHex());
    assertThat(mount.resolve("state.txt")).hasContent("written by v1");
    assertThat(done.getStatus().skipped()).hasSize(2);
    assertThat(done.getStatus().skipped().get(0))
        .startsWith(v3.id().toShortHex())
        .contains("unknown: no report for shop=v3");
    assertThat(done.getStatus().skipped().get(1))
        .startsWith(v2.id().toShortHex())
        .containsPattern("vulnerable: shop=v2 has \\d+ high open \\(gate high\\)");
  }

  @Test
  void latestCleanWithoutACleanSnapshotFailsListingWhyEachWasSkipped() throws Exception {
    Path data = Files.createDirectories(temp.resolve("volume"));
    Files.writeString(data.resolve("state.txt"), "written by v2");
    try (Repository repo = scenario.localRepository(temp.resolve("repo"))) {
      RestoreScenario.backup(repo, data, "data", MONDAY, new AppVersion("shop", "v2"));
      ingest(repo, "v2", "shiftleft-bandit-report.sarif");
    }

    scenario.create(
        "no-clean",
        new RestoreSpec(
            REPOSITORY,
            new RestoreSpec.RestoreSource(
                null,
                null,
                new RestoreSpec.LatestClean(new ObjectReference(APP, "data"), null, null)),
            newClaim("recovered"),
            null,
            null));
    Restore failed = scenario.awaitFinished("no-clean");

    assertFailed(
        failed,
        "NoCleanSnapshot",
        "no clean snapshot of k8s://test-cluster/shop/data under gate high: 1 snapshots, none clean"
            + " (see status.skipped)");
    assertThat(failed.getStatus().skipped()).singleElement().asString().contains("vulnerable");
    assertThat(scenario.claim("recovered")).as("no claim created").isNull();
  }

  @Test
  void pathsRestoreOnlyTheEntriesTheyName() throws Exception {
    Path source = temp.resolve("source");
    Files.createDirectories(source.resolve("keep/sub"));
    Files.createDirectories(source.resolve("drop"));
    Files.writeString(source.resolve("keep/a.txt"), "a");
    Files.writeString(source.resolve("keep/sub/b.txt"), "b");
    Files.writeString(source.resolve("drop/c.txt"), "c");
    Files.writeString(source.resolve("top.txt"), "top");
    Files.writeString(source.resolve("other.txt"), "other");
    Snapshot snap;
    try (Repository repo = scenario.localRepository(temp.resolve("repo"))) {
      snap = RestoreScenario.backup(repo, source, "data", MONDAY);
    }

    scenario.create(
        "some-paths",
        new RestoreSpec(
            REPOSITORY,
            snapshot(snap.id().toHex()),
            newClaim("restored"),
            List.of("/keep", "top.txt"),
            true));
    scenario.bindWhenCreated("restored", "pv-restored");
    Path mount =
        scenario.scheduleHelper(
            "some-paths", NODE, "pv-restored", RestoreScenario.FolderSetup.EMPTY);
    Restore done = scenario.awaitFinished("some-paths");

    assertThat(done.getStatus().phase())
        .as("errors: %s", done.getStatus().errors())
        .isEqualTo("Completed");
    try (Stream<Path> walk = Files.walk(mount)) {
      assertThat(walk.filter(p -> !p.equals(mount)).map(p -> mount.relativize(p).toString()))
          .containsExactlyInAnyOrder("keep", "keep/a.txt", "keep/sub", "keep/sub/b.txt", "top.txt");
    }
    assertThat(done.getStatus().files()).isEqualTo(3L);
  }

  @Test
  void aWrongSnapshotIdFailsClearlyBeforeTouchingAnything() throws Exception {
    try (Repository repo = scenario.localRepository(temp.resolve("repo"))) {
      RestoreScenario.backup(repo, appData(temp.resolve("source")), "data", MONDAY);
    }

    scenario.create(
        "wrong-id",
        new RestoreSpec(REPOSITORY, snapshot("deadbeef"), newClaim("restored"), null, null));
    Restore failed = scenario.awaitFinished("wrong-id");

    assertFailed(
        failed,
        "NotFound",
        "no snapshot id starts with deadbeef in BackupRepository holdfast/main");
    assertThat(scenario.claim("restored")).as("no claim created").isNull();
    assertThat(scenario.helperPod("wrong-id")).isNull();
    assertThat(scenario.metrics())
        .contains("holdfast_restore_total{namespace=\"shop\",result=\"Failed\"} 1.0");
  }

  @Test
  void aClaimInUseIsRefusedWithoutInPlaceAndItsWorkloadKeepsRunning() throws Exception {
    Snapshot snap;
    try (Repository repo = scenario.localRepository(temp.resolve("repo"))) {
      snap = RestoreScenario.backup(repo, appData(temp.resolve("source")), "data", MONDAY);
    }
    scenario.boundClaim("data", "pv-data");
    List<Pod> pods = scenario.deployment("web", 2, "data");

    scenario.create(
        "in-use",
        new RestoreSpec(
            REPOSITORY, snapshot(snap.id().toHex()), existingClaim("data", null), null, null));
    Restore failed = scenario.awaitFinished("in-use");

    assertFailed(
        failed,
        "ClaimInUse",
        "claim shop/data is in use by pods "
            + pods.get(0).getMetadata().getName()
            + ", "
            + pods.get(1).getMetadata().getName()
            + ": set spec.target.inPlace: true to scale them down during the restore");
    assertThat(scenario.replicas("web")).isEqualTo(2);
    assertThat(failed.getStatus().scaledWorkloads()).isNull();
    assertThat(scenario.helperPod("in-use")).isNull();
  }

  @Test
  void aMissingClaimWithoutCreateIsRefused() throws Exception {
    Snapshot snap;
    try (Repository repo = scenario.localRepository(temp.resolve("repo"))) {
      snap = RestoreScenario.backup(repo, appData(temp.resolve("source")), "data", MONDAY);
    }

    scenario.create(
        "no-claim",
        new RestoreSpec(
            REPOSITORY, snapshot(snap.id().toHex()), existingClaim("nope", null), null, null));
    Restore failed = scenario.awaitFinished("no-claim");

    assertFailed(
        failed,
        "NotFound",
        "claim shop/nope does not exist; give spec.target.create (size, and storageClassName unless"
            + " the default) to have it created");
  }

  @Test
  void anAgentThatStopsReportingFailsTheRestoreAndTheHelperPodGoes() throws Exception {
    Snapshot snap;
    try (Repository repo = scenario.localRepository(temp.resolve("repo"))) {
      snap = RestoreScenario.backup(repo, appData(temp.resolve("source")), "data", MONDAY);
    }

    scenario.create(
        "lost-agent",
        new RestoreSpec(REPOSITORY, snapshot(snap.id().toHex()), newClaim("restored"), null, null));
    scenario.bindWhenCreated("restored", "pv-restored");
    // No agent runs on node-2.
    scenario.scheduleHelper(
        "lost-agent", "node-2", "pv-restored", RestoreScenario.FolderSetup.EMPTY);
    Restore running = scenario.awaitPhase("lost-agent", "Running");
    assertThat(running.getStatus().node()).isEqualTo("node-2");
    assertThat(running.getMetadata().getLabels()).containsEntry("holdfast.dev/node", "node-2");
    String since = running.getStatus().heartbeatTime();
    scenario.clock.advance(Duration.ofMinutes(3));
    Restore failed = scenario.awaitFinished("lost-agent");

    assertFailed(
        failed,
        "RestoreStalled",
        "the agent on node node-2 stopped reporting since " + since + " (more than 2 minutes)");
    assertThat(scenario.helperPod("lost-agent")).isNull();
  }

  @Test
  void aCraftedSnapshotNamingAPathOutsideTheVolumeFailsAndNothingIsWrittenOutside()
      throws Exception {
    ChunkId bad;
    Snapshot crafted;
    try (Repository repo = scenario.localRepository(temp.resolve("repo"))) {
      CraftedSnapshots craft = new CraftedSnapshots(repo);
      ChunkId data =
          craft.storeBlobs(BlobType.DATA, "pwned".getBytes(StandardCharsets.UTF_8)).get(0);
      bad =
          craft.tree(
              CraftedSnapshots.treeJson(
                  CraftedSnapshots.fileEntry("../../../../escaped", 5, data)));
      crafted =
          craft.snapshot(
              craft.tree(CraftedSnapshots.treeJson(CraftedSnapshots.dirEntry("inner", bad))));
    }

    scenario.create(
        "crafted",
        new RestoreSpec(
            REPOSITORY, snapshot(crafted.id().toHex()), newClaim("restored"), null, null));
    scenario.bindWhenCreated("restored", "pv-restored");
    scenario.scheduleHelper("crafted", NODE, "pv-restored", RestoreScenario.FolderSetup.EMPTY);
    Restore failed = scenario.awaitFinished("crafted");

    assertThat(failed.getStatus().phase()).isEqualTo("Failed");
    assertThat(failed.getStatus().errors()).singleElement().asString().contains(bad.toShortHex());
    try (Stream<Path> walk = Files.walk(temp)) {
      assertThat(walk.filter(p -> p.getFileName().toString().equals("escaped"))).isEmpty();
    }
    assertThat(scenario.helperPod("crafted")).isNull();
  }

  @Test
  void aMissingChunkMakesTheRestorePartiallyFailedNamingTheFile() throws Exception {
    Snapshot crafted;
    try (Repository repo = scenario.localRepository(temp.resolve("repo"))) {
      CraftedSnapshots craft = new CraftedSnapshots(repo);
      List<ChunkId> ids =
          craft.storeBlobs(
              BlobType.DATA,
              "first-".getBytes(StandardCharsets.UTF_8),
              "third!".getBytes(StandardCharsets.UTF_8));
      ChunkId whole =
          craft.storeBlobs(BlobType.DATA, "intact".getBytes(StandardCharsets.UTF_8)).get(0);
      ChunkId missing = ChunkId.of(new byte[32]);
      crafted =
          craft.snapshot(
              craft.tree(
                  CraftedSnapshots.treeJson(
                      CraftedSnapshots.fileEntry("broken.bin", 18, ids.get(0), missing, ids.get(1)),
                      CraftedSnapshots.fileEntry("intact.txt", 6, whole))));
    }

    scenario.create(
        "partial",
        new RestoreSpec(
            REPOSITORY, snapshot(crafted.id().toHex()), newClaim("restored"), null, true));
    scenario.bindWhenCreated("restored", "pv-restored");
    Path mount =
        scenario.scheduleHelper("partial", NODE, "pv-restored", RestoreScenario.FolderSetup.EMPTY);
    Restore done = scenario.awaitFinished("partial");

    assertThat(done.getStatus().phase()).isEqualTo("PartiallyFailed");
    assertThat(done.getStatus().errors())
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e).startsWith("broken.bin: "));
    assertThat(mount.resolve("intact.txt")).hasContent("intact");
    Condition condition =
        Conditions.find(done.getStatus().conditions(), RestoreReconciler.COMPLETED_CONDITION)
            .orElseThrow();
    assertThat(condition.getReason()).isEqualTo("PartiallyFailed");
    assertThat(scenario.metrics())
        .contains("holdfast_restore_total{namespace=\"shop\",result=\"PartiallyFailed\"} 1.0");
  }

  @Test
  void deletingARestoreWhileItScalesDownGivesTheWorkloadItsReplicasBack() throws Exception {
    Snapshot snap;
    try (Repository repo = scenario.localRepository(temp.resolve("repo"))) {
      snap = RestoreScenario.backup(repo, appData(temp.resolve("source")), "data", MONDAY);
    }
    scenario.boundClaim("data", "pv-data");
    scenario.deployment("web", 2, "data");

    scenario.create(
        "abandoned",
        new RestoreSpec(
            REPOSITORY, snapshot(snap.id().toHex()), existingClaim("data", true), null, null));
    await("web scaled to zero", () -> scenario.replicas("web"), r -> r == 0);
    scenario
        .client()
        .resources(Restore.class)
        .inNamespace(RestoreScenario.OPS)
        .withName("abandoned")
        .delete();

    await("Restore gone", () -> scenario.get("abandoned") == null, gone -> gone);
    assertThat(scenario.replicas("web")).isEqualTo(2);
  }

  /** Asserts that {@code restore} failed with {@code reason} and {@code message}, said once. */
  private static void assertFailed(Restore restore, String reason, String message) {
    RestoreStatus status = restore.getStatus();
    assertThat(status.phase()).isEqualTo("Failed");
    assertThat(status.errors()).containsExactly(message);
    Condition condition =
        Conditions.find(status.conditions(), RestoreReconciler.COMPLETED_CONDITION).orElseThrow();
    assertThat(condition.getStatus()).isEqualTo("False");
    assertThat(condition.getReason()).isEqualTo(reason);
    assertThat(condition.getMessage()).isEqualTo(message);
    assertThat(status.completionTime()).isNotNull();
  }

  /** A small application volume: a database page file, a config, a log. */
  private static Path appData(Path root) throws IOException {
    Files.createDirectories(root.resolve("db"));
    Files.createDirectories(root.resolve("logs"));
    Files.write(root.resolve("db/pages.db"), new byte[64 * 1024]);
    Files.writeString(root.resolve("config.yaml"), "replicas: 2\n");
    Files.writeString(root.resolve("logs/app.log"), "started\nserved 42 requests\n");
    return root;
  }

  /** The volume as an incident left it: the database overwritten, the config gone. */
  private static void damage(Path volume) throws IOException {
    Files.createDirectories(volume.resolve("db"));
    Files.createDirectories(volume.resolve("logs"));
    Files.writeString(volume.resolve("db/pages.db"), "encrypted by ransomware");
    Files.writeString(volume.resolve("logs/app.log"), "started\n");
  }

  private static void ingest(Repository repo, String version, String report) throws IOException {
    try (InputStream in = Files.newInputStream(CORPUS.resolve(report))) {
      new SarifIngest(repo, SarifReader.withDefaults())
          .ingest(new IngestRequest("shop", Optional.of(version), report), in);
    }
  }
}
