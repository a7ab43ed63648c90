package dev.holdfast.operator.consistency;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the VolumeSnapshotClass that can snapshot a claim: one whose {@code driver} is the
 * provisioner of the claim's StorageClass, the one marked default for that driver when there are
 * several, as the CSI external-snapshotter chooses.
 */
public final class SnapshotClasses {
  static final String DEFAULT_STORAGE_CLASS = "storageclass.kubernetes.io/is-default-class";
  static final String DEFAULT_SNAPSHOT_CLASS = "snapshot.storage.kubernetes.io/is-default-class";

  private final KubernetesClient client;

  /** Looks classes up with {@code client}. */
  public SnapshotClasses(KubernetesClient client) {
    this.client = client;
  }

  /** The name of the VolumeSnapshotClass for {@code claim}, if its driver has one. */
  public Optional<String> forClaim(PersistentVolumeClaim claim) {
    Optional<StorageClass> storageClass = storageClassOf(claim);
    if (storageClass.isEmpty()) {
      return Optional.empty();
    }
    String driver = storageClass.get().getProvisioner();
    List<GenericKubernetesResource> matching;
    try {
      matching =
          SnapshotApi.classes(client).list().getItems().stream()
              .filter(c -> driver.equals(c.getAdditionalProperties().get("driver")))
              .toList();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return Optional.empty(); // no snapshot controller installed in this cluster
      }
      throw e;
    }
    if (matching.size() == 1) {
      return Optional.of(matching.get(0).getMetadata().getName());
    }
    return matching.stream()
        .filter(c -> isMarkedDefault(c.getMetadata().getAnnotations(), DEFAULT_SNAPSHOT_CLASS))
        .map(c -> c.getMetadata().getName())
        .findFirst();
  }

  private Optional<StorageClass> storageClassOf(PersistentVolumeClaim claim) {
    String name = claim.getSpec() == null ? null : claim.getSpec().getStorageClassName();
    if (name != null && !name.isEmpty()) {
      return Optional.ofNullable(client.storage().v1().storageClasses().withName(name).get());
    }
    return client.storage().v1().storageClasses().list().getItems().stream()
        .filter(c -> isMarkedDefault(c.getMetadata().getAnnotations(), DEFAULT_STORAGE_CLASS))
        .findFirst();
  }

  private static boolean isMarkedDefault(Map<String, String> annotations, String key) {
    return annotations != null && "true".equals(annotations.get(key));
  }
}
