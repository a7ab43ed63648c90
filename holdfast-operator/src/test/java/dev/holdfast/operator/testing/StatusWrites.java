package dev.holdfast.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.function.UnaryOperator;

/**
 * Writes a resource's status as an agent or a controller does: read it, change it, write it at the
 * version read; when another writer (the operator under test) wrote in between, the API server
 * answers 409 Conflict and the write starts again from a fresh read. A test that wrote once at a
 * stale version would fail whenever the operator happened to be quicker.
 */
public final class StatusWrites {
  private static final int ATTEMPTS = 20;

  private StatusWrites() {}

  /** Reads {@code resource} again, applies {@code change} and writes its status until it lands. */
  @SuppressWarnings("unchecked")
  public static <T extends HasMetadata> T write(
      KubernetesClient client, T resource, UnaryOperator<T> change) {
    Class<T> type = (Class<T>) resource.getClass();
    String namespace = resource.getMetadata().getNamespace();
    String name = resource.getMetadata().getName();
    KubernetesClientException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      T fresh = client.resources(type).inNamespace(namespace).withName(name).require();
      try {
        return client.resource(change.apply(fresh)).updateStatus();
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        last = e;
      }
    }
    throw new IllegalStateException(
        "the status of " + namespace + "/" + name + " kept changing under " + ATTEMPTS + " writes",
        last);
  }
}
