package dev.holdfast.operator.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Optional;

/**
 * An optimistic read-change-write of one resource, tried again when the API server refuses it for a
 * stale resourceVersion (409): each attempt reads afresh and decides again. A resource that is gone
 * (404) ends it with nothing; any other refusal is thrown at once.
 */
public final class ConflictRetry {
  private ConflictRetry() {}

  /** One read-change-write; {@code attempt} counts from 0. */
  @FunctionalInterface
  public interface Attempt<T> {
    Optional<T> run(int attempt);
  }

  /**
   * Runs {@code attempt} until it returns or fails with something other than a conflict, at most
   * {@code attempts} times.
   *
   * @return what the successful attempt returned, or empty when the resource is gone
   * @throws KubernetesClientException the last conflict once every attempt met one, or any other
   *     refusal
   */
  public static <T> Optional<T> upTo(int attempts, Attempt<T> attempt) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
    }
    KubernetesClientException last = null;
    for (int i = 0; i < attempts; i++) {
      try {
        return attempt.run(i);
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
          return Optional.empty();
        }
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        last = e;
      }
    }
    throw last;
  }
}
