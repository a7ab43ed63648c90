package dev.holdfast.core.retention;

import java.time.Instant;
import java.util.Optional;

/**
 * Keeps every snapshot taken after {@code duration} before the group's latest snapshot (not before
 * now: a group that stopped being backed up keeps its last stretch), restic's {@code
 * --keep-within}.
 */
public record WithinRule(KeepDuration duration) implements KeepRule {
  public WithinRule {
    if (duration.isZero()) {
      throw new IllegalArgumentException("a keep-within rule needs a duration");
    }
  }

  @Override
  public Judge start(PlanContext group) {
    Instant after = group.within(duration);
    String reason = "within " + duration;
    return c ->
        c.snapshot().time().toInstant().isAfter(after) ? Optional.of(reason) : Optional.empty();
  }
}
