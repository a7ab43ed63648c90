package dev.holdfast.operator.agent;

import static dev.holdfast.operator.testing.KubeTestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.restore.Restore;
import dev.holdfast.core.restore.RestoreProgress;
import dev.holdfast.core.restore.RestoreRequest;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.storage.local.LocalBlobStore;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.core.testing.TreeAssertions;
import dev.holdfast.core.testing.TreeGenerator;
import dev.holdfast.operator.OperatorSettings;
import dev.holdfast.operator.api.Backup;
import dev.holdfast.operator.api.BackupSpec;
import dev.holdfast.operator.api.HookSpec;
import dev.holdfast.operator.api.HooksSpec;
import dev.holdfast.operator.api.ObjectReference;
import dev.holdfast.operator.backup.BackupConditions;
import dev.holdfast.operator.backup.BackupPhase;
import dev.holdfast.operator.backup.BackupRunSettings;
import dev.holdfast.operator.backup.UndoFinalizer;
import dev.holdfast.operator.consistency.SnapshotClone;
import dev.holdfast.operator.kube.Conditions;
import dev.holdfast.operator.testing.KubeTestCluster;
import dev.holdfast.operator.testing.ScriptedPodExec;
import dev.holdfast.operator.testing.Workloads;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Backup through a CSI snapshot: the test plays the snapshot controller (the snapshot is cut and
 * ready), the provisioner (the clone is bound) and the scheduler and kubelet (the data-mover pod
 * runs on a node, with the clone mounted in its folder).
 */
class SnapshotBackupScenarioTest {
  private static final String OPS = "holdfast";
  private static final String APP = "shop";
  private static final String APP_NODE = "node-a";
  private static final String MOVER_NODE = "node-b";
  private static final String DRIVER = "ebs.csi.aws.com";
  private static final String DIGEST = "sha256:" + "c1a0".repeat(16);

  @TempDir Path temp;
  private KubeTestCluster cluster;
  private KubernetesClient client;
  private Workloads workloads;
  private HoldfastAgent agent;

  @BeforeEach
  void start() {
    cluster = KubeTestCluster.start();
    client = cluster.client();
    cluster.namespace(OPS);
    cluster.namespace(APP);
    workloads = new Workloads(cluster, temp.resolve("kubelet"));
    client
        .storage()
        .v1()
        .storageClasses()
        .resource(
            new StorageClassBuilder()
                .withNewMetadata()
                .withName("csi-fast")
                .endMetadata()
                .withProvisioner(DRIVER)
                .build())
        .create();
    snapshots("volumesnapshotclasses", "VolumeSnapshotClass", false)
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("snapshot.storage.k8s.io/v1")
                .withKind("VolumeSnapshotClass")
                .withNewMetadata()
                .withName("snap")
                .endMetadata()
                .addToAdditionalProperties("driver", DRIVER)
                .addToAdditionalProperties("deletionPolicy", "Delete")
                .build())
        .create();
    workloads.claim(APP, "data", "pv-data", "csi-fast");
    workloads.pod(APP, "db-0", APP_NODE, "data", DIGEST, Map.of());
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.close();
    }
    cluster.close();
  }

  @Test
  void aClaimWithASnapshotClassIsReadFromItsCloneAndThePostHooksRunRightAfterTheCut()
      throws IOException {
    Path repo = temp.resolve("repo");
    TestRepositories.init(LocalBlobStore.create(repo)).close();
    workloads.repository(OPS, "main", repo.toString(), TestRepositories.PASSPHRASE);
    ScriptedPodExec exec =
        new ScriptedPodExec()
            .answers(APP, "db-0", List.of("flush"), "", 0)
            .answers(APP, "db-0", List.of("thaw"), "", 0);
    cluster.startOperator(
        OperatorSettings.defaults()
            .withBackups(
                BackupRunSettings.defaults()
                    .withTimes(Duration.ofMinutes(1), Duration.ofMillis(200))),
        exec);
    agent =
        HoldfastAgent.start(
            cluster.newClient(),
            new AgentSettings(
                MOVER_NODE,
                workloads.kubeletRoot(),
                "test",
                Clock.systemUTC(),
                Optional::empty,
                false,
                2,
                Duration.ofMillis(200),
                java.util.Set.of()),
            BackupRunner.CORE);
    workloads.backup(
        OPS,
        "csi-1",
        new BackupSpec(
            "main",
            new ObjectReference(APP, "data"),
            null,
            new HooksSpec(List.of(hook("flush")), List.of(hook("thaw"))),
            "auto",
            "shop",
            List.of()));
    String name = SnapshotClone.nameFor(OPS, "csi-1");

    cutAndReady(name);
    PersistentVolumeClaim clone =
        await(
            "the cloned claim",
            () -> client.persistentVolumeClaims().inNamespace(APP).withName(name).get(),
            c -> true);
    clone.getSpec().setVolumeName("pv-clone");
    client.persistentVolumeClaims().inNamespace(APP).resource(clone).update();
    Pod mover =
        await(
            "the data mover", () -> client.pods().inNamespace(APP).withName(name).get(), p -> true);
    Backup beforeRead = workloads.backupNow(OPS, "csi-1");
    mover.getSpec().setNodeName(MOVER_NODE);
    mover.setStatus(new PodStatusBuilder().withPhase("Running").build());
    mover = client.pods().inNamespace(APP).resource(mover).update();
    Path cloned = workloads.mountFolder(mover, "pv-clone");
    new TreeGenerator(11).write(cloned, 200_000);
    Backup done =
        await(
            "Backup csi-1 finished",
            () -> workloads.backupNow(OPS, "csi-1"),
            b ->
                b.getStatus() != null
                    && Conditions.find(b.getStatus().conditions(), BackupConditions.FINISHED)
                        .isPresent());

    assertThat(BackupPhase.PENDING.is(beforeRead)).isTrue();
    assertThat(beforeRead.getStatus().hooks())
        .as("the application was released once the snapshot was cut, before any data was read")
        .extracting(h -> h.stage() + ":" + h.name())
        .containsExactly("pre:flush", "post:thaw");
    assertThat(exec.calls())
        .extracting(ScriptedPodExec.Call::describe)
        .containsExactly("flush@db-0/app", "thaw@db-0/app");
    assertThat(done.getStatus().phase())
        .as("errors: %s", done.getStatus().errors())
        .isEqualTo("Completed");
    assertThat(done.getStatus().consistency()).isEqualTo("snapshot");
    assertThat(done.getStatus().volumeSnapshotClass()).isEqualTo("snap");
    assertThat(done.getStatus().node()).isEqualTo(MOVER_NODE);
    try (Repository repository =
        Repository.open(
            LocalBlobStore.open(repo),
            TestRepositories.PASSPHRASE.toCharArray(),
            Clock.systemUTC())) {
      List<Snapshot> all = repository.snapshots().list().snapshots();
      assertThat(all).hasSize(1);
      Snapshot saved = all.get(0);
      assertThat(saved.source()).isEqualTo("k8s://test/shop/data");
      assertThat(saved.appVersions()).containsExactly(new AppVersion("shop", DIGEST));
      Path target = Files.createTempDirectory(temp, "restored");
      new Restore(repository).run(RestoreRequest.of(saved, target), new RestoreProgress());
      TreeAssertions.assertSameTree(cloned, target, "restored from the clone");
    }
    assertThat(volumeSnapshot(name)).as("snapshot removed").isNull();
    assertThat(client.persistentVolumeClaims().inNamespace(APP).withName(name).get()).isNull();
    assertThat(client.pods().inNamespace(APP).withName(name).get()).isNull();
  }

  @Test
  void deletingABackupWhileItsCloneIsMadeRemovesTheSnapshotTheCloneAndTheMover() {
    Path repo = temp.resolve("repo");
    TestRepositories.init(LocalBlobStore.create(repo)).close();
    workloads.repository(OPS, "main", repo.toString(), TestRepositories.PASSPHRASE);
    ScriptedPodExec exec =
        new ScriptedPodExec()
            .answers(APP, "db-0", List.of("flush"), "", 0)
            .answers(APP, "db-0", List.of("thaw"), "", 0);
    cluster.startOperator(
        OperatorSettings.defaults()
            .withBackups(
                BackupRunSettings.defaults()
                    .withTimes(Duration.ofMinutes(1), Duration.ofMillis(200))),
        exec);
    workloads.backup(
        OPS,
        "csi-deleted",
        new BackupSpec(
            "main",
            new ObjectReference(APP, "data"),
            null,
            new HooksSpec(List.of(hook("flush")), List.of(hook("thaw"))),
            "snapshot",
            "shop",
            List.of()));
    String name = SnapshotClone.nameFor(OPS, "csi-deleted");
    cutAndReady(name);
    await("the data mover", () -> client.pods().inNamespace(APP).withName(name).get(), p -> true);
    Backup pending = workloads.backupNow(OPS, "csi-deleted");

    client.resources(Backup.class).inNamespace(OPS).withName("csi-deleted").delete();
    await(
        "Backup csi-deleted gone",
        () -> workloads.backupNow(OPS, "csi-deleted") == null,
        gone -> gone);

    assertThat(pending.getMetadata().getFinalizers()).containsExactly(UndoFinalizer.NAME);
    assertThat(volumeSnapshot(name)).as("snapshot removed").isNull();
    assertThat(client.persistentVolumeClaims().inNamespace(APP).withName(name).get()).isNull();
    assertThat(client.pods().inNamespace(APP).withName(name).get()).isNull();
    assertThat(exec.calls())
        .as("the post hook ran once, when the snapshot was cut")
        .extracting(ScriptedPodExec.Call::describe)
        .containsExactly("flush@db-0/app", "thaw@db-0/app");
    assertThat(
            client.v1().events().inNamespace(OPS).list().getItems().stream()
                .filter(e -> "Deleted".equals(e.getReason()))
                .map(e -> e.getMessage()))
        .containsExactly(
            "deleted while Pending; post hooks: Succeeded (1 post hook runs succeeded); the"
                + " snapshot, clone and data mover were deleted");
  }

  /** Plays the snapshot controller: the snapshot {@code name} is cut and ready to use. */
  private void cutAndReady(String name) {
    GenericKubernetesResource snapshot =
        await("the VolumeSnapshot", () -> volumeSnapshot(name), s -> true);
    snapshot
        .getAdditionalProperties()
        .put(
            "status",
            new LinkedHashMap<>(
                Map.of(
                    "creationTime",
                    "2026-11-25T10:00:00Z",
                    "readyToUse",
                    true,
                    "restoreSize",
                    "1Gi")));
    snapshots("volumesnapshots", "VolumeSnapshot", true)
        .inNamespace(APP)
        .resource(snapshot)
        .update();
  }

  private static HookSpec hook(String command) {
    return new HookSpec(command, null, List.of(command), null, null);
  }

  private GenericKubernetesResource volumeSnapshot(String name) {
    return snapshots("volumesnapshots", "VolumeSnapshot", true)
        .inNamespace(APP)
        .withName(name)
        .get();
  }

  private MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      snapshots(String plural, String kind, boolean namespaced) {
    return client.genericKubernetesResources(
        new ResourceDefinitionContext.Builder()
            .withGroup("snapshot.storage.k8s.io")
            .withVersion("v1")
            .withKind(kind)
            .withPlural(plural)
            .withNamespaced(namespaced)
            .build());
  }
}
