package dev.holdfast.operator.policy;

import dev.holdfast.operator.api.ObjectReference;
import dev.holdfast.operator.schedule.Schedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Decides which claims are due now, with CronJob's rule for missed moments: only a claim's latest
 * moment at or before now counts, so after any downtime at most one catch-up is due per claim, and
 * only a moment after {@code floor} (when the policy last scheduled, or was created) counts, so a
 * new policy or a newly selected claim waits for its next moment instead of all starting at once.
 */
final class SlotPlanner {
  /** A claim due at its scheduled moment {@code slot}. */
  record Due(ObjectReference claim, Instant slot) {}

  /**
   * What is due and when the next moment of any claim comes.
   *
   * @param due the claims due now, each with the moment it is due for
   * @param next the earliest moment after now of any claim
   */
  record Plan(List<Due> due, Optional<Instant> next) {
    /** Nothing due, nothing to come. */
    static final Plan IDLE = new Plan(List.of(), Optional.empty());

    Plan {
      due = List.copyOf(due);
    }
  }

  private SlotPlanner() {}

  /**
   * The plan for {@code claims} under {@code schedule} at {@code now}.
   *
   * @param keyPrefix what sets this schedule's moments apart from another's for the same claim
   *     (spread forms derive a claim's moment from the prefix and the claim)
   * @param floor moments at or before it are not due (already scheduled, or before the policy)
   */
  static Plan plan(
      Schedule schedule,
      String keyPrefix,
      Collection<ObjectReference> claims,
      Optional<Instant> floor,
      Instant now) {
    List<Due> due = new ArrayList<>();
    Instant next = null;
    // A cron expression gives every claim the same moments: compute them once, not per claim.
    Optional<Instant> sharedLatest = Optional.empty();
    Optional<Instant> sharedNext = Optional.empty();
    if (!schedule.spreads()) {
      sharedLatest = schedule.latest(now, keyPrefix);
      sharedNext = schedule.next(now, keyPrefix);
    }
    for (ObjectReference claim : claims) {
      String key = key(keyPrefix, claim);
      Optional<Instant> latest = schedule.spreads() ? schedule.latest(now, key) : sharedLatest;
      Optional<Instant> following = schedule.spreads() ? schedule.next(now, key) : sharedNext;
      if (latest.isPresent() && floor.map(f -> latest.get().isAfter(f)).orElse(true)) {
        due.add(new Due(claim, latest.get()));
      }
      if (following.isPresent() && (next == null || following.get().isBefore(next))) {
        next = following.get();
      }
    }
    return new Plan(due, Optional.ofNullable(next));
  }

  /** The key a spread schedule derives {@code claim}'s moment from. */
  static String key(String keyPrefix, ObjectReference claim) {
    return keyPrefix + claim.namespace() + "/" + claim.name();
  }
}
