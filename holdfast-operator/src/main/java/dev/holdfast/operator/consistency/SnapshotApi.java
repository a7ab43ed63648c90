package dev.holdfast.operator.consistency;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * The CSI snapshot API (snapshot.storage.k8s.io/v1), read and written as generic resources: its
 * CRDs are installed by the cluster's snapshot controller, not by Holdfast, and fabric8 publishes
 * no usable model for them.
 */
final class SnapshotApi {
  static final String API_VERSION = "snapshot.storage.k8s.io/v1";
  static final String API_GROUP = "snapshot.storage.k8s.io";

  private SnapshotApi() {}

  /** Names the resource outright, so the client needs no API discovery (nor the right to it). */
  private static ResourceDefinitionContext context(String kind, String plural, boolean namespaced) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(API_GROUP)
        .withVersion("v1")
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(namespaced)
        .build();
  }

  static MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      snapshots(KubernetesClient client) {
    return client.genericKubernetesResources(context("VolumeSnapshot", "volumesnapshots", true));
  }

  static MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      classes(KubernetesClient client) {
    return client.genericKubernetesResources(
        context("VolumeSnapshotClass", "volumesnapshotclasses", false));
  }
}
