package dev.holdfast.operator.hooks;

/**
 * A hook whose {@code onError} is {@code fail} ran longer than its timeout. Holdfast stops waiting
 * and closes the exec stream; Kubernetes gives no way to kill the command, so it may still be
 * running in the container (docs/kubernetes.md, "Hooks").
 */
public final class HookTimedOut extends HookFailed {
  /** A hook timeout described by {@code message}. */
  public HookTimedOut(String message) {
    super(message);
  }
}
