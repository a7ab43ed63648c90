package dev.holdfast.tls.authority;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a CA rotation stands and what its next step waits for: the state, the moment {@link
 * Authority#advance()} will take the step (the propagation delay, or the expiry of the last leaf
 * the old CA signed), and the leaves of the old CA that keep it trusted.
 *
 * @param readyAt when the next step may be taken; empty in STABLE, where no step is pending
 * @param blockingLeaves in REISSUING, the valid leaves of the old CA generation, oldest expiry
 *     first; the rotation waits until they have expired or been revoked
 */
public record RotationProgress(
    RotationState state, Optional<Instant> readyAt, List<IssuedLeaf> blockingLeaves) {

  /** Copies the list. */
  public RotationProgress {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(readyAt, "readyAt");
    blockingLeaves = List.copyOf(blockingLeaves);
  }

  static RotationProgress of(
      RotationState state, AuthoritySettings settings, List<IssuedLeaf> validLeaves) {
    return of(state, settings.propagationDelay(), validLeaves);
  }

  /**
   * Where a rotation in {@code state} stands, for an authority whose bundles take {@code
   * propagationDelay} to reach every peer and whose valid leaves are {@code validLeaves}, oldest
   * expiry first (an authority kept elsewhere than in a folder, such as the operator's in a
   * Secret).
   */
  public static RotationProgress of(
      RotationState state, Duration propagationDelay, List<IssuedLeaf> validLeaves) {
    switch (state.phase()) {
      case INTRODUCING:
      case RETIRING:
        return new RotationProgress(
            state, Optional.of(state.since().plus(propagationDelay)), List.of());
      case REISSUING:
        List<IssuedLeaf> blocking =
            validLeaves.stream().filter(l -> l.generation() == state.previous()).toList();
        Instant ready =
            blocking.isEmpty() ? state.since() : blocking.get(blocking.size() - 1).notAfter();
        return new RotationProgress(state, Optional.of(ready), blocking);
      default:
        return new RotationProgress(state, Optional.empty(), List.of());
    }
  }

  /** Whether {@link Authority#advance()} takes the next step at {@code now}. */
  public boolean canAdvance(Instant now) {
    return readyAt.isPresent() && !now.isBefore(readyAt.get());
  }

  /** What the next step is and what it waits for, in one sentence for people. */
  public String describe() {
    switch (state.phase()) {
      case INTRODUCING:
        return "CA generation "
            + state.current()
            + " is in the trust bundle; it signs from "
            + readyAt.get()
            + ", once every peer can have loaded it";
      case REISSUING:
        return blockingLeaves.isEmpty()
            ? "no valid leaf of CA generation " + state.previous() + " is left; it can be retired"
            : blockingLeaves.size()
                + " leaves signed by CA generation "
                + state.previous()
                + " are still valid, the last until "
                + readyAt.get()
                + "; renew them (they re-issue under generation "
                + state.current()
                + ") and they expire, or revoke them";
      case RETIRING:
        return "CA generation "
            + state.previous()
            + " has left the trust bundle; the rotation ends at "
            + readyAt.get()
            + ", once every peer can have dropped it";
      default:
        return "no CA rotation is under way";
    }
  }
}
