package dev.holdfast.operator.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.operator.testing.KubeTestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The snapshot clone, step by step, with the test playing the CSI snapshotter, the provisioner, the
 * scheduler and the kubelet (none of which runs in the mock API).
 */
class SnapshotCloneTest {
  private static final String NS = "shop";
  private static final String DRIVER = "ebs.csi.aws.com";

  private KubeTestCluster cluster;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    cluster = KubeTestCluster.start();
    client = cluster.client();
    cluster.namespace(NS);
    storageClass("csi-fast", DRIVER, false);
    storageClass("local", "kubernetes.io/no-provisioner", true);
    snapshotClass("snap", DRIVER, false);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void theSnapshotClassIsTheOneOfTheClaimsDriver() {
    SnapshotClasses classes = new SnapshotClasses(client);

    assertThat(classes.forClaim(claim("data", "csi-fast"))).contains("snap");
    assertThat(classes.forClaim(claim("plain", "local"))).isEmpty();
    assertThat(classes.forClaim(claim("defaulted", null))).as("default class is local").isEmpty();
  }

  @Test
  void withSeveralClassesForOneDriverTheDefaultOneIsChosen() {
    snapshotClass("snap-default", DRIVER, true);

    assertThat(new SnapshotClasses(client).forClaim(claim("data", "csi-fast")))
        .contains("snap-default");
  }

  @Test
  void snapshotThenCloneThenMoverThenReady() {
    PersistentVolumeClaim claim = claim("data", "csi-fast");
    SnapshotClone clone = new SnapshotClone(client, "registry.k8s.io/pause:3.10");
    String name = SnapshotClone.nameFor("holdfast", "data-backup-1");

    assertThat(clone.advance(name, claim, "snap"))
        .isEqualTo(new CloneProgress.Waiting("VolumeSnapshot shop/" + name + " requested", false));
    GenericKubernetesResource snapshot = snapshot(name);
    assertThat(map(snapshot.getAdditionalProperties().get("spec")))
        .containsEntry("volumeSnapshotClassName", "snap")
        .containsEntry("source", Map.of("persistentVolumeClaimName", "data"));
    assertThat(clone.advance(name, claim, "snap")).isInstanceOf(CloneProgress.Waiting.class);

    setSnapshotStatus(name, Map.of("creationTime", "2026-11-25T10:00:00Z", "readyToUse", false));
    assertThat(clone.advance(name, claim, "snap"))
        .isEqualTo(
            new CloneProgress.Waiting(
                "VolumeSnapshot shop/" + name + " taken, not yet ready", true));

    setSnapshotStatus(
        name,
        Map.of("creationTime", "2026-11-25T10:00:00Z", "readyToUse", true, "restoreSize", "2Gi"));
    assertThat(clone.advance(name, claim, "snap")).isInstanceOf(CloneProgress.Waiting.class);
    PersistentVolumeClaim cloned =
        client.persistentVolumeClaims().inNamespace(NS).withName(name).get();
    assertThat(cloned.getSpec().getDataSource().getKind()).isEqualTo("VolumeSnapshot");
    assertThat(cloned.getSpec().getDataSource().getName()).isEqualTo(name);
    assertThat(cloned.getSpec().getResources().getRequests().get("storage"))
        .isEqualTo(new Quantity("2Gi"));

    cloned.getSpec().setVolumeName("pv-clone-1");
    client.persistentVolumeClaims().inNamespace(NS).resource(cloned).update();
    assertThat(clone.advance(name, claim, "snap")).isInstanceOf(CloneProgress.Waiting.class);
    Pod mover = client.pods().inNamespace(NS).withName(name).get();
    assertThat(mover.getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(mover.getSpec().getVolumes().get(0).getPersistentVolumeClaim().getReadOnly())
        .isTrue();
    assertThat(
            mover.getSpec().getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem())
        .isTrue();
    assertThat(clone.advance(name, claim, "snap"))
        .isEqualTo(
            new CloneProgress.Waiting(
                "data-mover pod shop/" + name + " not yet running with its clone bound", true));

    mover.getSpec().setNodeName("node-2");
    mover.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").build());
    client.pods().inNamespace(NS).resource(mover).update();
    CloneProgress ready = clone.advance(name, claim, "snap");

    assertThat(ready).isInstanceOf(CloneProgress.Ready.class);
    assertThat(((CloneProgress.Ready) ready).volumeName()).isEqualTo("pv-clone-1");
    assertThat(((CloneProgress.Ready) ready).mover().getSpec().getNodeName()).isEqualTo("node-2");

    clone.cleanUp(NS, name);
    assertThat(snapshot(name)).isNull();
    assertThat(client.persistentVolumeClaims().inNamespace(NS).withName(name).get()).isNull();
    assertThat(client.pods().inNamespace(NS).withName(name).get()).isNull();
  }

  @Test
  void aSnapshotErrorFailsTheCloneWithTheDriversMessage() {
    PersistentVolumeClaim claim = claim("data", "csi-fast");
    SnapshotClone clone = new SnapshotClone(client, "pause");
    String name = SnapshotClone.nameFor("holdfast", "b");
    clone.advance(name, claim, "snap");

    setSnapshotStatus(
        name, Map.of("readyToUse", false, "error", Map.of("message", "quota exceeded")));

    assertThat(clone.advance(name, claim, "snap"))
        .isEqualTo(
            new CloneProgress.Failed("VolumeSnapshot shop/" + name + " failed: quota exceeded"));
  }

  @Test
  void namesAreShortStableAndDistinct() {
    String a = SnapshotClone.nameFor("holdfast", "x".repeat(250));
    assertThat(a)
        .hasSize(23)
        .startsWith("hf-")
        .isEqualTo(SnapshotClone.nameFor("holdfast", "x".repeat(250)));
    assertThat(SnapshotClone.nameFor("holdfast", "y"))
        .isNotEqualTo(SnapshotClone.nameFor("other", "y"));
  }

  private void storageClass(String name, String provisioner, boolean isDefault) {
    client
        .storage()
        .v1()
        .storageClasses()
        .resource(
            new StorageClassBuilder()
                .withNewMetadata()
                .withName(name)
                .addToAnnotations(
                    SnapshotClasses.DEFAULT_STORAGE_CLASS, Boolean.toString(isDefault))
                .endMetadata()
                .withProvisioner(provisioner)
                .build())
        .create();
  }

  private void snapshotClass(String name, String driver, boolean isDefault) {
    SnapshotApi.classes(client)
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion(SnapshotApi.API_VERSION)
                .withKind("VolumeSnapshotClass")
                .withNewMetadata()
                .withName(name)
                .addToAnnotations(
                    SnapshotClasses.DEFAULT_SNAPSHOT_CLASS, Boolean.toString(isDefault))
                .endMetadata()
                .addToAdditionalProperties("driver", driver)
                .addToAdditionalProperties("deletionPolicy", "Delete")
                .build())
        .create();
  }

  private PersistentVolumeClaim claim(String name, String storageClass) {
    return client
        .persistentVolumeClaims()
        .inNamespace(NS)
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withStorageClassName(storageClass)
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new Quantity("1Gi"))
                .endResources()
                .endSpec()
                .build())
        .create();
  }

  private GenericKubernetesResource snapshot(String name) {
    return SnapshotApi.snapshots(client).inNamespace(NS).withName(name).get();
  }

  private void setSnapshotStatus(String name, Map<String, Object> status) {
    GenericKubernetesResource snapshot = snapshot(name);
    snapshot.getAdditionalProperties().put("status", new LinkedHashMap<>(status));
    SnapshotApi.snapshots(client).inNamespace(NS).resource(snapshot).update();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }
}
