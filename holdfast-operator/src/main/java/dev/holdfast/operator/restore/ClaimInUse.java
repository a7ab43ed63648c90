package dev.holdfast.operator.restore;

import dev.holdfast.core.HoldfastException;

/**
 * The target claim of a restore is mounted by running pods, and the restore may not (or cannot)
 * stop them: writing under a running application would corrupt what it sees.
 */
public final class ClaimInUse extends HoldfastException {
  /** The claim and its users named in {@code message}. */
  public ClaimInUse(String message) {
    super(Kind.USAGE, message);
  }
}
