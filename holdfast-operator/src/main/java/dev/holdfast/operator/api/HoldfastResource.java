package dev.holdfast.operator.api;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;

/**
 * A Holdfast custom resource: namespaced, with an immutable spec and status record. The status is
 * replaced whole (never edited in place), so a reconciler builds the new one and sets it.
 *
 * @param <S> the spec record
 * @param <T> the status record
 */
public abstract class HoldfastResource<S, T> extends CustomResource<S, T> implements Namespaced {
  /** The API group of every Holdfast resource. */
  public static final String GROUP = "holdfast.dev";

  /** The API version of every Holdfast resource. */
  public static final String VERSION = "v1alpha1";

  @Override
  protected S initSpec() {
    return null;
  }

  @Override
  protected T initStatus() {
    return null;
  }
}
