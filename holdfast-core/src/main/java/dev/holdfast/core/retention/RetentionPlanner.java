package dev.holdfast.core.retention;

import dev.holdfast.core.id.SnapshotId;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.SnapshotStore;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, for every snapshot of one group, whether retention keeps or removes it and why: each
 * rule sees the snapshots newest first, and a snapshot is kept when any rule keeps it. With a
 * {@link KeepPolicy} this is exactly restic's {@code forget}; pins are a rule of their own.
 * Deterministic: the same snapshots, rules, zone and time give the same decisions.
 */
public final class RetentionPlanner {
  /** restic's reason for keeping everything when no rule is given. */
  public static final String EMPTY_POLICY = "policy is empty";

  private final List<KeepRule> rules;

  /** A planner that applies {@code rules}, their reasons in this order. */
  public RetentionPlanner(List<KeepRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * The planner for {@code policy} with {@code pinned} snapshots always kept ("pinned" first among
   * the reasons). An empty policy keeps everything, as restic's does.
   */
  public static RetentionPlanner of(KeepPolicy policy, Set<SnapshotId> pinned) {
    List<KeepRule> rules = new ArrayList<>();
    rules.add(new PinRule(pinned));
    if (policy.isEmpty()) {
      rules.add(group -> candidate -> Optional.of(EMPTY_POLICY));
    } else {
      rules.addAll(policy.rules());
    }
    return new RetentionPlanner(rules);
  }

  /** This planner with {@code more} rules after its own. */
  public RetentionPlanner with(List<KeepRule> more) {
    List<KeepRule> all = new ArrayList<>(rules);
    all.addAll(more);
    return new RetentionPlanner(all);
  }

  /**
   * One decision per snapshot of {@code group}, newest first (equal times by id, descending).
   *
   * @param zone the local time zone that calendar buckets are counted in
   * @param now the current time; snapshots dated after it do not move keep-within's reference
   */
  public List<Decision> plan(Collection<Snapshot> group, ZoneId zone, Instant now) {
    List<Snapshot> newestFirst = new ArrayList<>(group);
    newestFirst.sort(SnapshotStore.CHRONOLOGICAL.reversed());
    PlanContext context = PlanContext.of(newestFirst, zone, now);
    List<KeepRule.Judge> judges = new ArrayList<>();
    for (KeepRule rule : rules) {
      judges.add(rule.start(context));
    }
    List<Decision> decisions = new ArrayList<>(newestFirst.size());
    for (int position = 0; position < newestFirst.size(); position++) {
      Snapshot s = newestFirst.get(position);
      Candidate candidate = new Candidate(s, position, GoCalendar.locate(s.time(), zone));
      List<String> reasons = new ArrayList<>();
      for (KeepRule.Judge judge : judges) {
        judge.reasonToKeep(candidate).ifPresent(reasons::add);
      }
      decisions.add(reasons.isEmpty() ? Decision.remove(s) : Decision.keep(s, reasons));
    }
    return List.copyOf(decisions);
  }
}
