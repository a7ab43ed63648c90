package dev.holdfast.operator.workload;

import dev.holdfast.operator.api.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;

/** Finds the pods that mount a PersistentVolumeClaim, and the volume name they mount it under. */
public final class ClaimPods {
  private final KubernetesClient client;

  /** Looks pods up with {@code client}. */
  public ClaimPods(KubernetesClient client) {
    this.client = client;
  }

  /** Every pod in the claim's namespace whose spec mounts the claim, in the API's order. */
  public List<Pod> mounting(ObjectReference claim) {
    return client.pods().inNamespace(claim.namespace()).list().getItems().stream()
        .filter(pod -> volumeFor(pod, claim.name()).isPresent())
        .toList();
  }

  /** The pods mounting the claim that are running on a node, in the API's order. */
  public List<Pod> running(ObjectReference claim) {
    return mounting(claim).stream().filter(ClaimPods::isRunningOnNode).toList();
  }

  /** The name of the pod volume that mounts claim {@code claimName}, if the pod mounts it. */
  public static Optional<String> volumeFor(Pod pod, String claimName) {
    if (pod.getSpec() == null || pod.getSpec().getVolumes() == null) {
      return Optional.empty();
    }
    for (Volume volume : pod.getSpec().getVolumes()) {
      if (volume.getPersistentVolumeClaim() != null
          && claimName.equals(volume.getPersistentVolumeClaim().getClaimName())) {
        return Optional.of(volume.getName());
      }
    }
    return Optional.empty();
  }

  /** Whether the pod is scheduled on a node and its phase is Running. */
  public static boolean isRunningOnNode(Pod pod) {
    return pod.getSpec() != null
        && pod.getSpec().getNodeName() != null
        && pod.getStatus() != null
        && "Running".equals(pod.getStatus().getPhase())
        && pod.getMetadata().getDeletionTimestamp() == null;
  }
}
