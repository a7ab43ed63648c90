package dev.holdfast.core.retention;

import dev.holdfast.core.id.SnapshotId;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps every pinned snapshot, whatever the policy says (Holdfast's addition to restic's rules). It
 * counts nothing, so pinning a snapshot never changes what other rules keep.
 */
public record PinRule(Set<SnapshotId> pinned) implements KeepRule {
  /** The reason a pinned snapshot is kept. */
  public static final String REASON = "pinned";

  public PinRule {
    pinned = Set.copyOf(pinned);
  }

  @Override
  public Judge start(PlanContext group) {
    return c -> pinned.contains(c.snapshot().id()) ? Optional.of(REASON) : Optional.empty();
  }
}
