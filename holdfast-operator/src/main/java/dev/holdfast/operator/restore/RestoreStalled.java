package dev.holdfast.operator.restore;

import dev.holdfast.core.HoldfastException;

/**
 * A restore stopped making progress: the workloads' pods did not stop, the helper pod did not
 * start, or the node agent stopped reporting. The restore fails rather than waiting forever.
 */
public final class RestoreStalled extends HoldfastException {
  /** What did not happen, and since when, in {@code message}. */
  public RestoreStalled(String message) {
    super(Kind.USAGE, message);
  }
}
