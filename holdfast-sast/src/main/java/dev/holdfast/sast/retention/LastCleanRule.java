package dev.holdfast.sast.retention;

import dev.holdfast.core.retention.KeepRule;
import dev.holdfast.core.retention.PlanContext;
import dev.holdfast.sast.posture.PostureJudge;
import dev.holdfast.sast.posture.Verdict;
import java.util.Optional;

/**
 * Keeps the {@code count} newest clean snapshots of each group, whatever the time rules say, so the
 * state a restore would fall back to is never expired. Verdicts come from a judge made when forget
 * runs, so a report ingested since the last forget counts.
 */
public final class LastCleanRule implements KeepRule {
  /** The reason it gives. */
  public static final String REASON = "last clean";

  /** How many clean snapshots per group are kept unless a policy says otherwise. */
  public static final int DEFAULT_COUNT = 3;

  private final int count;
  private final PostureJudge judge;

  public LastCleanRule(int count, PostureJudge judge) {
    if (count < 0) {
      throw new IllegalArgumentException("keep-last-clean is 0 (off) or more: " + count);
    }
    this.count = count;
    this.judge = judge;
  }

  @Override
  public Judge start(PlanContext group) {
    int[] kept = {0};
    return c -> {
      if (kept[0] < count && judge.of(c.snapshot()).verdict() == Verdict.CLEAN) {
        kept[0]++;
        return Optional.of(REASON);
      }
      return Optional.empty();
    };
  }
}
