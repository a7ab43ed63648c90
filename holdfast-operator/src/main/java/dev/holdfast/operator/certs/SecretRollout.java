package dev.holdfast.operator.certs;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ProjectedVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Rolls the workloads that mount a Secret, which cert-manager leaves to the user: every Deployment,
 * StatefulSet and DaemonSet of the Secret's namespace whose pod template mounts it (a {@code
 * secret} volume, or a {@code projected} volume with it among its sources) gets the pod template
 * annotation {@value #REVISION_ANNOTATION} set to the new certificate's serial, or {@value
 * #TRUST_ANNOTATION} set to the CAs of a new trust bundle. A changed pod template is what {@code
 * kubectl rollout restart} does too: each controller replaces its pods by its own update strategy,
 * so a Deployment with enough replicas keeps serving throughout.
 */
final class SecretRollout {
  /** The pod template annotation whose change rolls a workload. */
  static final String REVISION_ANNOTATION = "holdfast.dev/certificate-revision";

  /** The pod template annotation whose change rolls a workload for a new trust bundle. */
  static final String TRUST_ANNOTATION = "holdfast.dev/trust-bundle";

  private final KubernetesClient client;

  SecretRollout(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Rolls every workload in {@code namespace} that mounts Secret {@code secretName} and does not
   * carry the pod template annotations {@code marks} yet (a certificate serial, a trust bundle).
   *
   * @return every workload that mounts the Secret, as {@code Kind/name}, in the order Deployments,
   *     StatefulSets, DaemonSets
   */
  List<String> roll(String namespace, String secretName, Map<String, String> marks) {
    List<String> rolled = new ArrayList<>();
    Target target = new Target(namespace, secretName, Map.copyOf(marks));
    roll(
        client.apps().deployments(),
        d -> d.getSpec() == null ? null : d.getSpec().getTemplate(),
        target,
        rolled);
    roll(
        client.apps().statefulSets(),
        s -> s.getSpec() == null ? null : s.getSpec().getTemplate(),
        target,
        rolled);
    roll(
        client.apps().daemonSets(),
        d -> d.getSpec() == null ? null : d.getSpec().getTemplate(),
        target,
        rolled);
    return rolled;
  }

  private <T extends HasMetadata> void roll(
      MixedOperation<T, ? extends KubernetesResourceList<T>, ? extends Resource<T>> kind,
      Function<T, PodTemplateSpec> template,
      Target target,
      List<String> rolled) {
    for (T workload : kind.inNamespace(target.namespace()).list().getItems()) {
      PodTemplateSpec pods = template.apply(workload);
      if (pods == null || !mounts(pods.getSpec(), target.secretName())) {
        continue;
      }
      rolled.add(workload.getKind() + "/" + workload.getMetadata().getName());
      if (annotations(pods).entrySet().containsAll(target.marks().entrySet())) {
        continue; // rolled for this certificate already (a retry after a partial rollout)
      }
      kind.inNamespace(target.namespace())
          .withName(workload.getMetadata().getName())
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch(target.marks()));
    }
  }

  /** Whether {@code pod} mounts Secret {@code secretName} through a volume. */
  static boolean mounts(PodSpec pod, String secretName) {
    if (pod == null || pod.getVolumes() == null) {
      return false;
    }
    for (Volume volume : pod.getVolumes()) {
      if (volume.getSecret() != null && secretName.equals(volume.getSecret().getSecretName())) {
        return true;
      }
      ProjectedVolumeSource projected = volume.getProjected();
      if (projected != null && projected.getSources() != null) {
        for (VolumeProjection source : projected.getSources()) {
          if (source.getSecret() != null && secretName.equals(source.getSecret().getName())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static Map<String, String> annotations(PodTemplateSpec pods) {
    if (pods.getMetadata() == null || pods.getMetadata().getAnnotations() == null) {
      return Map.of();
    }
    return pods.getMetadata().getAnnotations();
  }

  private record Target(String namespace, String secretName, Map<String, String> marks) {}

  private String patch(Map<String, String> marks) {
    return client
        .getKubernetesSerialization()
        .asJson(
            Map.of("spec", Map.of("template", Map.of("metadata", Map.of("annotations", marks)))));
  }
}
