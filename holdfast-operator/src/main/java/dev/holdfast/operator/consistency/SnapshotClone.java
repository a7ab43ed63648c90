package dev.holdfast.operator.consistency;

import dev.holdfast.operator.workload.ClaimPods;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Takes one backup's consistent copy of a claim in three steps, each created once and then only
 * looked at, so that calling {@link #advance} again (the next reconcile, or a restarted operator)
 * goes on where it stood: a VolumeSnapshot of the claim, a claim cloned from it, and a data-mover
 * pod that mounts the clone read-only and does nothing else. All three carry the label {@value
 * #LABEL} and are removed by {@link #cleanUp}.
 */
public final class SnapshotClone {
  /** The label, with a hash of the Backup, on everything made for it. */
  public static final String LABEL = "holdfast.dev/backup-id";

  private static final String ROLE_LABEL = "holdfast.dev/role";

  private final KubernetesClient client;
  private final String moverImage;

  /**
   * @param client the API
   * @param moverImage the data mover's image: anything that sleeps, such as {@code
   *     registry.k8s.io/pause:3.10}; it never reads the data itself
   */
  public SnapshotClone(KubernetesClient client, String moverImage) {
    this.client = client;
    this.moverImage = moverImage;
  }

  /** The name of everything made for the Backup {@code backupNamespace/backupName}. */
  public static String nameFor(String backupNamespace, String backupName) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((backupNamespace + "/" + backupName).getBytes(StandardCharsets.UTF_8));
      return "hf-" + HexFormat.of().formatHex(digest, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Moves the copy one step on: creates what is missing, and says what it waits for.
   *
   * @param name {@link #nameFor} the Backup
   * @param claim the claim backed up
   * @param snapshotClass the VolumeSnapshotClass to use
   */
  public CloneProgress advance(String name, PersistentVolumeClaim claim, String snapshotClass) {
    String namespace = claim.getMetadata().getNamespace();
    GenericKubernetesResource snapshot =
        SnapshotApi.snapshots(client).inNamespace(namespace).withName(name).get();
    if (snapshot == null) {
      createIfAbsent(
          () ->
              SnapshotApi.snapshots(client)
                  .inNamespace(namespace)
                  .resource(snapshot(name, claim, snapshotClass))
                  .create());
      return new CloneProgress.Waiting(
          "VolumeSnapshot " + namespace + "/" + name + " requested", false);
    }
    Map<String, Object> status = map(snapshot.getAdditionalProperties().get("status"));
    Map<String, Object> error = map(status.get("error"));
    if (error.get("message") != null) {
      return new CloneProgress.Failed(
          "VolumeSnapshot " + namespace + "/" + name + " failed: " + error.get("message"));
    }
    boolean cut = status.get("creationTime") != null;
    if (!Boolean.TRUE.equals(status.get("readyToUse"))) {
      return new CloneProgress.Waiting(
          "VolumeSnapshot "
              + namespace
              + "/"
              + name
              + (cut ? " taken, not yet ready" : " not yet taken"),
          cut);
    }
    PersistentVolumeClaim clone =
        client.persistentVolumeClaims().inNamespace(namespace).withName(name).get();
    if (clone == null) {
      createIfAbsent(
          () ->
              client
                  .persistentVolumeClaims()
                  .inNamespace(namespace)
                  .resource(clone(name, claim, status))
                  .create());
      return new CloneProgress.Waiting(
          "claim " + namespace + "/" + name + " cloned from the snapshot", true);
    }
    Pod mover = client.pods().inNamespace(namespace).withName(name).get();
    if (mover == null) {
      createIfAbsent(
          () -> client.pods().inNamespace(namespace).resource(mover(name, namespace)).create());
      return new CloneProgress.Waiting(
          "data-mover pod " + namespace + "/" + name + " created", true);
    }
    if (mover.getStatus() != null && "Failed".equals(mover.getStatus().getPhase())) {
      return new CloneProgress.Failed("data-mover pod " + namespace + "/" + name + " failed");
    }
    String volume = clone.getSpec() == null ? null : clone.getSpec().getVolumeName();
    if (!ClaimPods.isRunningOnNode(mover) || volume == null || volume.isEmpty()) {
      return new CloneProgress.Waiting(
          "data-mover pod " + namespace + "/" + name + " not yet running with its clone bound",
          true);
    }
    return new CloneProgress.Ready(mover, volume);
  }

  /** Deletes the snapshot, the clone and the data mover of {@code name} in {@code namespace}. */
  public void cleanUp(String namespace, String name) {
    client.pods().inNamespace(namespace).withName(name).delete();
    client.persistentVolumeClaims().inNamespace(namespace).withName(name).delete();
    SnapshotApi.snapshots(client).inNamespace(namespace).withName(name).delete();
  }

  private static void createIfAbsent(Runnable create) {
    try {
      create.run();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // made by an earlier attempt whose answer was lost: the next advance finds it
    }
  }

  private GenericKubernetesResource snapshot(
      String name, PersistentVolumeClaim claim, String snapshotClass) {
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("persistentVolumeClaimName", claim.getMetadata().getName());
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("volumeSnapshotClassName", snapshotClass);
    spec.put("source", source);
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(SnapshotApi.API_VERSION)
        .withKind("VolumeSnapshot")
        .withNewMetadata()
        .withName(name)
        .withNamespace(claim.getMetadata().getNamespace())
        .addToLabels(labels(name))
        .endMetadata()
        .addToAdditionalProperties("spec", spec)
        .build();
  }

  private static PersistentVolumeClaim clone(
      String name, PersistentVolumeClaim claim, Map<String, Object> snapshotStatus) {
    Object restoreSize = snapshotStatus.get("restoreSize");
    Quantity size =
        restoreSize != null
            ? new Quantity(restoreSize.toString())
            : claim.getSpec().getResources().getRequests().get("storage");
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(claim.getMetadata().getNamespace())
        .addToLabels(labels(name))
        .endMetadata()
        .withNewSpec()
        .withStorageClassName(claim.getSpec().getStorageClassName())
        .withAccessModes("ReadWriteOnce")
        .withNewDataSource()
        .withApiGroup(SnapshotApi.API_GROUP)
        .withKind("VolumeSnapshot")
        .withName(name)
        .endDataSource()
        .withNewResources()
        .addToRequests("storage", size)
        .endResources()
        .endSpec()
        .build();
  }

  private Pod mover(String name, String namespace) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .addToLabels(labels(name))
        .addToLabels(ROLE_LABEL, "data-mover")
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(65532L)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName("mover")
        .withImage(moverImage)
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .withNewResources()
        .addToRequests("cpu", new Quantity("10m"))
        .addToRequests("memory", new Quantity("16Mi"))
        .addToLimits("memory", new Quantity("32Mi"))
        .endResources()
        .addNewVolumeMount()
        .withName("data")
        .withMountPath("/data")
        .withReadOnly(true)
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("data")
        .withNewPersistentVolumeClaim(name, true)
        .endVolume()
        .endSpec()
        .build();
  }

  private static Map<String, String> labels(String name) {
    return Map.of(LABEL, name.substring(3));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map ? (Map<String, Object>) value : Map.of();
  }
}
