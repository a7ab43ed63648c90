package dev.holdfast.core.forget;

import dev.holdfast.core.retention.GroupBy;
import dev.holdfast.core.retention.KeepPolicy;
import dev.holdfast.core.retention.KeepRule;
import dev.holdfast.core.snapshot.SnapshotSelection;
import java.time.ZoneId;
import java.util.List;

/**
 * What to forget: either by {@code policy}, applied to each group of the selected snapshots, or the
 * snapshots named in {@code snapshots} (ids, id prefixes or {@code latest}); never both.
 *
 * @param selection which snapshots the policy looks at (and which {@code latest} means)
 * @param zone the local time zone calendar buckets are counted in
 * @param dryRun decide and report, but delete nothing
 * @param protections rules that keep snapshots whatever the policy or the names say (like pins),
 *     such as the newest clean snapshots of each source; they never make an empty policy non-empty
 */
public record ForgetRequest(
    KeepPolicy policy,
    GroupBy groupBy,
    SnapshotSelection selection,
    List<String> snapshots,
    ZoneId zone,
    boolean dryRun,
    List<KeepRule> protections) {

  public ForgetRequest {
    if (policy == null || groupBy == null || selection == null || zone == null) {
      throw new IllegalArgumentException("a forget request needs a policy, grouping and zone");
    }
    snapshots = List.copyOf(snapshots);
    protections = List.copyOf(protections);
  }

  /** A request without protections beyond pins. */
  public ForgetRequest(
      KeepPolicy policy,
      GroupBy groupBy,
      SnapshotSelection selection,
      List<String> snapshots,
      ZoneId zone,
      boolean dryRun) {
    this(policy, groupBy, selection, snapshots, zone, dryRun, List.of());
  }

  /** This request with {@code rules} protecting snapshots too. */
  public ForgetRequest protectedBy(List<KeepRule> rules) {
    return new ForgetRequest(policy, groupBy, selection, snapshots, zone, dryRun, rules);
  }

  /** Forget by {@code policy} among the snapshots {@code selection} chooses, grouped by source. */
  public static ForgetRequest byPolicy(
      KeepPolicy policy, SnapshotSelection selection, ZoneId zone, boolean dryRun) {
    return new ForgetRequest(policy, GroupBy.SOURCE, selection, List.of(), zone, dryRun);
  }
}
