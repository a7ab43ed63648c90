package dev.holdfast.sast.retention;

import dev.holdfast.core.id.SnapshotId;
import dev.holdfast.core.retention.KeepRule;
import dev.holdfast.core.retention.PlanContext;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.SnapshotStore;
import dev.holdfast.sast.posture.PostureJudge;
import dev.holdfast.sast.posture.Verdict;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps the {@code count} newest clean snapshots of each source, whatever the time rules or the
 * snapshots named say, so the state {@code restore --latest-clean} falls back to is never expired.
 * Which snapshots those are is decided over every snapshot of the repository when the rule is made
 * (not over the group a forget looks at, which a filter may narrow), with verdicts from a judge
 * made when forget runs, so a report ingested since the last forget counts.
 */
public final class LastCleanRule implements KeepRule {
  /** The reason it gives. */
  public static final String REASON = "last clean";

  /** How many clean snapshots per source are kept unless a policy says otherwise. */
  public static final int DEFAULT_COUNT = 3;

  private final Set<SnapshotId> kept;

  /**
   * @param all every snapshot of the repository
   * @param count how many clean snapshots to keep per source; 0 keeps none
   */
  public LastCleanRule(Collection<Snapshot> all, int count, PostureJudge judge) {
    if (count < 0) {
      throw new IllegalArgumentException("keep-last-clean is 0 (off) or more: " + count);
    }
    Map<String, List<Snapshot>> bySource = new HashMap<>();
    all.forEach(s -> bySource.computeIfAbsent(s.source(), k -> new ArrayList<>()).add(s));
    Set<SnapshotId> ids = new HashSet<>();
    for (List<Snapshot> group : bySource.values()) {
      group.sort(SnapshotStore.CHRONOLOGICAL.reversed());
      int found = 0;
      for (Snapshot s : group) {
        if (found == count) {
          break;
        }
        if (judge.of(s).verdict() == Verdict.CLEAN) {
          ids.add(s.id());
          found++;
        }
      }
    }
    this.kept = Set.copyOf(ids);
  }

  /** The snapshots this rule keeps. */
  public Set<SnapshotId> kept() {
    return kept;
  }

  @Override
  public Judge start(PlanContext group) {
    return c -> kept.contains(c.snapshot().id()) ? Optional.of(REASON) : Optional.empty();
  }
}
