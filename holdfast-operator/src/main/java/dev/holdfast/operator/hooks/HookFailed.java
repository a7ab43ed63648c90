package dev.holdfast.operator.hooks;

import dev.holdfast.core.HoldfastException;

/**
 * A hook whose {@code onError} is {@code fail} did not succeed: it exited non-zero or could not be
 * run. The message names the stage, the hook, the pod and the container, and ends with the tail of
 * the command's output; it never repeats the command (its arguments may hold credentials).
 */
public class HookFailed extends HoldfastException {
  /** A hook failure described by {@code message}. */
  public HookFailed(String message) {
    super(Kind.USAGE, message);
  }
}
