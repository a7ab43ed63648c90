package dev.holdfast.operator.restore;

import dev.holdfast.core.UsageError;
import dev.holdfast.operator.api.ObjectReference;
import dev.holdfast.operator.api.Restore;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * The restore helper pod: a do-nothing container that mounts the target claim, so that the
 * scheduler places the claim on a node, the kubelet mounts it, and that node's agent can write into
 * it. It has no service account token, no capabilities, a read-only root filesystem, runs as a
 * non-root user and mounts the claim read-only (the agent writes through the kubelet's folder, not
 * through the pod); no {@code fsGroup} either, which would make the kubelet change the ownership of
 * the files being restored.
 */
public final class HelperPods {
  /** The image: the pause container, tiny and already on every node. */
  public static final String IMAGE = "registry.k8s.io/pause:3.10";

  private static final long NOBODY = 65535;
  private static final String VOLUME = "target";

  private final KubernetesClient client;

  /** Manages helper pods with {@code client}. */
  public HelperPods(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The helper pod of {@code restore} for {@code claim}, created if absent.
   *
   * @throws UsageError when a pod of that name exists and belongs to something else
   */
  public Pod ensure(Restore restore, ObjectReference claim) {
    String name = RestoreLabels.helperPodName(restore.getMetadata().getName());
    Pod pod = client.pods().inNamespace(claim.namespace()).withName(name).get();
    if (pod == null) {
      return client.pods().inNamespace(claim.namespace()).resource(build(restore, claim)).create();
    }
    if (!belongsTo(pod, restore)) {
      throw new UsageError(
          "pod "
              + claim.namespace()
              + "/"
              + name
              + " exists and is not the helper pod of this Restore: delete it or rename the"
              + " Restore");
    }
    return pod;
  }

  /** Deletes the helper pod of {@code restore} in {@code namespace}; leaves any other pod alone. */
  public void delete(Restore restore, String namespace) {
    String name = RestoreLabels.helperPodName(restore.getMetadata().getName());
    Pod pod = client.pods().inNamespace(namespace).withName(name).get();
    if (pod != null && belongsTo(pod, restore)) {
      client.pods().inNamespace(namespace).withName(name).delete();
    }
  }

  private static boolean belongsTo(Pod pod, Restore restore) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String owner = labels == null ? null : labels.get(RestoreLabels.RESTORE_UID);
    return owner != null && owner.equals(restore.getMetadata().getUid());
  }

  static Pod build(Restore restore, ObjectReference claim) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(RestoreLabels.helperPodName(restore.getMetadata().getName()))
        .withNamespace(claim.namespace())
        .withLabels(
            RestoreLabels.of(restore.getMetadata().getName(), restore.getMetadata().getUid()))
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withRestartPolicy("Always")
        .withTerminationGracePeriodSeconds(1L)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(NOBODY)
        .withRunAsGroup(NOBODY)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName("hold")
        .withImage(IMAGE)
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .addToDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .withNewResources()
        .addToRequests("cpu", new Quantity("1m"))
        .addToRequests("memory", new Quantity("8Mi"))
        .addToLimits("memory", new Quantity("16Mi"))
        .endResources()
        .addNewVolumeMount()
        .withName(VOLUME)
        .withMountPath("/target")
        .withReadOnly(true)
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName(VOLUME)
        .withNewPersistentVolumeClaim()
        .withClaimName(claim.name())
        .endPersistentVolumeClaim()
        .endVolume()
        .endSpec()
        .build();
  }
}
