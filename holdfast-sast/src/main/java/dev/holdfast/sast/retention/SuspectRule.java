package dev.holdfast.sast.retention;

import dev.holdfast.core.retention.KeepDuration;
import dev.holdfast.core.retention.KeepRule;
import dev.holdfast.core.retention.PlanContext;
import dev.holdfast.sast.posture.PostureJudge;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps suspect snapshots (written while a vulnerable version ran) for forensics until they are
 * older than a duration, measured back from now on the local calendar: the evidence of what an
 * attacker could have done stays while it is investigated, instead of expiring by the time rules.
 */
public final class SuspectRule implements KeepRule {
  /** The reason it gives. */
  public static final String REASON = "suspect, kept for forensics";

  private final KeepDuration duration;
  private final PostureJudge judge;

  public SuspectRule(KeepDuration duration, PostureJudge judge) {
    if (duration.isZero()) {
      throw new IllegalArgumentException("keep-suspect-for needs a duration above zero");
    }
    this.duration = duration;
    this.judge = judge;
  }

  @Override
  public Judge start(PlanContext group) {
    Instant since = duration.before(group.now().atZone(group.zone()));
    return c ->
        c.snapshot().time().toInstant().isAfter(since) && judge.of(c.snapshot()).suspect()
            ? Optional.of(REASON)
            : Optional.empty();
  }
}
