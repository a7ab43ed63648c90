package dev.holdfast.operator.restore;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ScalableResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the workloads that run the pods mounting a claim (a pod's ReplicaSet is followed up to its
 * Deployment through owner references) and scales them. Only Deployments, StatefulSets and bare
 * ReplicaSets can be scaled to zero and back; a pod run by anything else (a DaemonSet, a Job, no
 * controller at all) makes an in-place restore refuse, naming it.
 */
public final class WorkloadScaler {
  private final KubernetesClient client;

  /** Reads and scales workloads with {@code client}. */
  public WorkloadScaler(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The workloads running {@code pods} (all in {@code namespace}), each once, with their replicas
   * now.
   *
   * @throws ClaimInUse naming the first pod that no scalable workload runs
   */
  public List<ScaledWorkload> owners(String namespace, String claim, List<Pod> pods) {
    Map<String, ScaledWorkload> found = new LinkedHashMap<>();
    for (Pod pod : pods) {
      ScaledWorkload owner = ownerOf(namespace, claim, pod);
      found.putIfAbsent(owner.reference(), owner);
    }
    return List.copyOf(new ArrayList<>(found.values()));
  }

  /** Sets {@code workload}'s replicas; false when it no longer exists. */
  public boolean scale(String namespace, ScaledWorkload workload, int replicas) {
    ScalableResource<? extends HasMetadata> resource =
        resource(namespace, workload.kind(), workload.name());
    if (resource.get() == null) {
      return false;
    }
    resource.scale(replicas);
    return true;
  }

  /** The replicas {@code kind/name} asks for now, if it exists. */
  public Optional<Integer> replicas(String namespace, String kind, String name) {
    HasMetadata workload = resource(namespace, kind, name).get();
    if (workload == null) {
      return Optional.empty();
    }
    Integer replicas = null;
    if (workload instanceof Deployment d) {
      replicas = d.getSpec().getReplicas();
    } else if (workload instanceof StatefulSet s) {
      replicas = s.getSpec().getReplicas();
    } else if (workload instanceof ReplicaSet r) {
      replicas = r.getSpec().getReplicas();
    }
    // Kubernetes defaults an absent replicas field to one.
    return Optional.of(replicas == null ? Integer.valueOf(1) : replicas);
  }

  private ScaledWorkload ownerOf(String namespace, String claim, Pod pod) {
    String podName = pod.getMetadata().getName();
    Optional<OwnerReference> controller = controllerOf(pod);
    if (controller.isEmpty()) {
      throw new ClaimInUse(
          "claim "
              + namespace
              + "/"
              + claim
              + " is in use by pod "
              + podName
              + ", which no Deployment or StatefulSet runs: stop it, then restore");
    }
    String kind = controller.get().getKind();
    String name = controller.get().getName();
    if ("ReplicaSet".equals(kind)) {
      ReplicaSet replicaSet =
          client.apps().replicaSets().inNamespace(namespace).withName(name).get();
      Optional<OwnerReference> above =
          replicaSet == null ? Optional.empty() : controllerOf(replicaSet);
      if (above.isPresent()) {
        kind = above.get().getKind();
        name = above.get().getName();
      }
    }
    if (!ScaledWorkload.KINDS.contains(kind)) {
      throw new ClaimInUse(
          "claim "
              + namespace
              + "/"
              + claim
              + " is in use by pod "
              + podName
              + " of "
              + kind
              + " "
              + name
              + ", which a restore cannot scale down: stop it, then restore");
    }
    int replicas = replicas(namespace, kind, name).orElse(0);
    return new ScaledWorkload(kind, name, replicas);
  }

  private static Optional<OwnerReference> controllerOf(HasMetadata object) {
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    if (owners == null) {
      return Optional.empty();
    }
    return owners.stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst();
  }

  private ScalableResource<? extends HasMetadata> resource(
      String namespace, String kind, String name) {
    switch (kind) {
      case "Deployment":
        return client.apps().deployments().inNamespace(namespace).withName(name);
      case "StatefulSet":
        return client.apps().statefulSets().inNamespace(namespace).withName(name);
      case "ReplicaSet":
        return client.apps().replicaSets().inNamespace(namespace).withName(name);
      default:
        throw new IllegalArgumentException("cannot scale a " + kind);
    }
  }
}
