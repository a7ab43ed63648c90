package dev.holdfast.operator.policy;

import dev.holdfast.core.UsageError;
import dev.holdfast.core.retention.KeepDuration;
import dev.holdfast.core.retention.KeepPolicy;
import dev.holdfast.operator.api.RetentionSpec;
import dev.holdfast.operator.kube.KubeTimes;
import dev.holdfast.sast.posture.Gate;
import dev.holdfast.sast.retention.LastCleanRule;
import java.time.Duration;

/**
 * A policy's {@code retention} as the rules {@code holdfast forget} applies: restic's keep rules,
 * the newest {@code keepLastClean} clean snapshots protected under {@code gate}, and whether to
 * prune afterwards.
 *
 * @param keep the keep rules; empty when none is given, which keeps everything
 * @param keepLastClean how many clean snapshots of each claim are always kept (0 turns it off)
 * @param gate what makes a version vulnerable
 * @param prune whether data no snapshot needs any more is deleted after forgetting
 */
public record RetentionRules(KeepPolicy keep, int keepLastClean, Gate gate, boolean prune) {
  /**
   * The rules {@code spec} gives; absent means keep everything.
   *
   * @throws UsageError naming the field that is wrong
   */
  public static RetentionRules of(RetentionSpec spec) {
    if (spec == null) {
      return new RetentionRules(KeepPolicy.EMPTY, LastCleanRule.DEFAULT_COUNT, Gate.DEFAULT, false);
    }
    KeepPolicy.Builder keep =
        KeepPolicy.builder()
            .last(count(spec.keepLast(), "keepLast"))
            .hourly(count(spec.keepHourly(), "keepHourly"))
            .daily(count(spec.keepDaily(), "keepDaily"))
            .weekly(count(spec.keepWeekly(), "keepWeekly"))
            .monthly(count(spec.keepMonthly(), "keepMonthly"))
            .yearly(count(spec.keepYearly(), "keepYearly"));
    if (spec.keepWithin() != null) {
      keep.within(within(spec.keepWithin()));
    }
    int lastClean =
        spec.keepLastClean() == null
            ? LastCleanRule.DEFAULT_COUNT
            : count(spec.keepLastClean(), "keepLastClean");
    Gate gate;
    try {
      gate = spec.gate() == null ? Gate.DEFAULT : Gate.parse(spec.gate());
    } catch (UsageError e) {
      throw new UsageError("spec.retention.gate: " + e.getMessage());
    }
    return new RetentionRules(keep.build(), lastClean, gate, !Boolean.FALSE.equals(spec.prune()));
  }

  /** Whether forget has anything to do: some keep rule is given. */
  public boolean forgets() {
    return !keep.isEmpty();
  }

  private static int count(Integer value, String field) {
    if (value == null) {
      return 0;
    }
    if (value < 0) {
      throw new UsageError("spec.retention." + field + ": " + value + " is not 0 or more");
    }
    return value;
  }

  /**
   * {@code keepWithin} ({@code 30s/15m/24h/7d}) as forget's calendar duration in days and hours,
   * rounded up to the hour so that nothing younger than asked is removed.
   */
  private static KeepDuration within(String text) {
    Duration d = KubeTimes.duration(text, Duration.ZERO, "spec.retention.keepWithin");
    long hours = d.toHours() + (d.toHours() * 3600 < d.toSeconds() ? 1 : 0);
    try {
      return new KeepDuration(0, 0, (int) (hours / 24), (int) (hours % 24));
    } catch (IllegalArgumentException e) {
      throw new UsageError("spec.retention.keepWithin: '" + text + "' is too long");
    }
  }
}
