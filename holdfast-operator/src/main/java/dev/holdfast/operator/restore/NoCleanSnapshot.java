package dev.holdfast.operator.restore;

import dev.holdfast.core.HoldfastException;
import java.util.List;

/**
 * No snapshot of the claim passes the posture gate of a {@code latestClean} restore; carries why
 * each snapshot was skipped, so the status can list them.
 */
public final class NoCleanSnapshot extends HoldfastException {
  private final List<String> skipped;

  /** None is clean: {@code message} says so, {@code skipped} says why for each. */
  public NoCleanSnapshot(String message, List<String> skipped) {
    super(Kind.NOT_FOUND, message);
    this.skipped = List.copyOf(skipped);
  }

  /** Each snapshot considered, newest first, with why it was not clean. */
  public List<String> skipped() {
    return skipped;
  }
}
