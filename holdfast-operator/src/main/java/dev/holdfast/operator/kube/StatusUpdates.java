package dev.holdfast.operator.kube;

import dev.holdfast.operator.api.HoldfastResource;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.Objects;

/**
 * The end of a reconciliation that computed a whole new status: patch it only when it differs, so
 * that a reconciler triggered by every change (its own status patches included) settles instead of
 * patching forever, and look again after {@code next}.
 */
public final class StatusUpdates {
  private StatusUpdates() {}

  /** Sets {@code after} and patches it when it differs from the status now; else no update. */
  public static <P extends HoldfastResource<?, S>, S> UpdateControl<P> patchIfChanged(
      P resource, S after, Duration next) {
    if (Objects.equals(after, resource.getStatus())) {
      return UpdateControl.<P>noUpdate().rescheduleAfter(next);
    }
    resource.setStatus(after);
    return UpdateControl.patchStatus(resource).rescheduleAfter(next);
  }
}
