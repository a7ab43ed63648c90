package dev.holdfast.core.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.core.id.SnapshotId;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.testing.SnapshotHistories;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * restic's decisions as recorded by {@link ResticGoldenGenerator} (the golden files under {@code
 * src/test/resources/retention/restic}), and the comparison of the planner with them.
 *
 * <p>restic orders snapshots with equal times arbitrarily (Go's sort is not stable, and snapshots
 * are loaded in parallel), so among snapshots of one time only the multiset of outcomes is
 * compared; every other snapshot is compared one to one, reasons included.
 */
final class Golden {
  private Golden() {}

  /** Hex characters of a snapshot id that verdicts name it by (unique within a history). */
  static final int ID_PREFIX = 12;

  /** restic's count for "unlimited": restic 0.14 predates -1, so a count above any history. */
  static final String RESTIC_UNLIMITED = "1000000";

  /** A recorded history: the snapshots restic made, and its decisions for each case. */
  record History(
      String restic, String name, String timeZone, List<Shot> snapshots, List<Case> cases) {}

  /** A snapshot as restic recorded it. */
  record Shot(String id, String time, String host, List<String> paths, List<String> tags) {}

  /**
   * One {@code restic forget} run.
   *
   * @param policy the policy as Holdfast options ({@code -1} for unlimited)
   * @param resticArgs what restic was given
   * @param timeZone restic's {@code TZ}
   * @param now when restic ran (snapshots after it do not move keep-within's reference)
   */
  record Case(
      String name,
      List<String> policy,
      List<String> resticArgs,
      String groupBy,
      String timeZone,
      String now,
      List<Group> groups) {}

  /** One of restic's groups: each member (by id prefix) and what restic decided. */
  record Group(List<Verdict> snapshots) {}

  /** restic's decision for one snapshot. */
  record Verdict(String id, boolean keep, List<String> reasons) {}

  /** The restic arguments for a Holdfast policy ({@code -1} becomes a count above any history). */
  static List<String> resticArgs(List<String> policy) {
    return policy.stream().map(a -> a.equals("-1") ? RESTIC_UNLIMITED : a).toList();
  }

  /** The groups of {@code restic forget --json} output. */
  static List<Group> groupsOf(JsonNode forget) {
    List<Group> groups = new ArrayList<>();
    for (JsonNode g : forget) {
      List<Verdict> verdicts = new ArrayList<>();
      JsonNode keep = g.get("keep");
      JsonNode reasons = g.get("reasons");
      for (int i = 0; keep != null && i < keep.size(); i++) {
        List<String> matches = new ArrayList<>();
        reasons.get(i).get("matches").forEach(m -> matches.add(m.asText()));
        verdicts.add(new Verdict(prefix(keep.get(i)), true, matches));
      }
      JsonNode remove = g.get("remove");
      for (int i = 0; remove != null && i < remove.size(); i++) {
        verdicts.add(new Verdict(prefix(remove.get(i)), false, List.of()));
      }
      groups.add(new Group(verdicts));
    }
    return groups;
  }

  private static String prefix(JsonNode snapshot) {
    return snapshot.get("id").asText().substring(0, ID_PREFIX);
  }

  /** The policy that restic's options {@code args} describe, read the way restic reads them. */
  static KeepPolicy policy(List<String> args) {
    KeepPolicy.Builder b = KeepPolicy.builder();
    for (int i = 0; i < args.size(); i += 2) {
      String option = args.get(i);
      String value = args.get(i + 1);
      switch (option) {
        case "--keep-last" -> b.last(Integer.parseInt(value));
        case "--keep-hourly" -> b.hourly(Integer.parseInt(value));
        case "--keep-daily" -> b.daily(Integer.parseInt(value));
        case "--keep-weekly" -> b.weekly(Integer.parseInt(value));
        case "--keep-monthly" -> b.monthly(Integer.parseInt(value));
        case "--keep-yearly" -> b.yearly(Integer.parseInt(value));
        case "--keep-within" -> b.within(KeepDuration.parse(value, option));
        case "--keep-within-hourly" -> b.within(Bucket.HOURLY, KeepDuration.parse(value, option));
        case "--keep-within-daily" -> b.within(Bucket.DAILY, KeepDuration.parse(value, option));
        case "--keep-within-weekly" -> b.within(Bucket.WEEKLY, KeepDuration.parse(value, option));
        case "--keep-within-monthly" -> b.within(Bucket.MONTHLY, KeepDuration.parse(value, option));
        case "--keep-within-yearly" -> b.within(Bucket.YEARLY, KeepDuration.parse(value, option));
        case "--keep-tag" -> b.tags(List.of(value.split(",")).stream().map(String::strip).toList());
        default -> throw new IllegalArgumentException("not a policy option: " + option);
      }
    }
    return b.build();
  }

  /** The snapshots of a recorded history, as Holdfast snapshots. */
  static List<Snapshot> snapshots(List<Shot> shots) {
    List<Snapshot> all = new ArrayList<>();
    for (Shot s : shots) {
      all.add(
          SnapshotHistories.snapshot(
              SnapshotId.fromHex(s.id()),
              OffsetDateTime.parse(s.time()),
              s.host(),
              "restic://" + s.host() + String.join(",", s.paths()),
              s.paths(),
              s.tags()));
    }
    return all;
  }

  /**
   * Asserts that the planner groups {@code all} as restic did in {@code c} and decides as restic
   * did for every snapshot, reasons included.
   */
  static void assertAgrees(List<Snapshot> all, Case c, String context) {
    Map<String, Snapshot> byId = new HashMap<>();
    all.forEach(s -> byId.put(s.id().toHex().substring(0, ID_PREFIX), s));
    Map<Set<String>, List<String>> restic = new HashMap<>();
    for (Group g : c.groups()) {
      Set<String> members = new TreeSet<>();
      List<Decision> decisions = new ArrayList<>();
      for (Verdict v : g.snapshots()) {
        members.add(v.id());
        Snapshot s = byId.get(v.id());
        decisions.add(v.keep() ? Decision.keep(s, v.reasons()) : Decision.remove(s));
      }
      restic.put(members, outcomes(decisions));
    }
    KeepPolicy policy = policy(c.policy());
    RetentionPlanner planner = RetentionPlanner.of(policy, Set.of());
    ZoneId zone = ZoneId.of(c.timeZone());
    Instant now = Instant.parse(c.now());
    Map<Set<String>, List<String>> ours = new HashMap<>();
    for (List<Snapshot> group : GroupBy.parse(c.groupBy()).group(all).values()) {
      Set<String> members = new TreeSet<>();
      group.forEach(s -> members.add(s.id().toHex().substring(0, ID_PREFIX)));
      ours.put(members, outcomes(planner.plan(group, zone, now)));
    }
    String what = context + ", case " + c.name() + " (" + policy.describe() + ")";
    assertThat(ours.keySet()).as("groups of %s", what).isEqualTo(restic.keySet());
    for (Map.Entry<Set<String>, List<String>> g : restic.entrySet()) {
      assertThat(ours.get(g.getKey()))
          .as("decisions of %s (time, verdict, reasons; newest first)", what)
          .containsExactlyElementsOf(g.getValue());
    }
  }

  /**
   * One line per snapshot, newest first, that names it by time (and short id when its time is its
   * own), its verdict and reasons; among equal times the lines are sorted, which makes the
   * comparison one of multisets there.
   */
  private static List<String> outcomes(List<Decision> decisions) {
    Map<Instant, Integer> perTime = new HashMap<>();
    decisions.forEach(d -> perTime.merge(d.snapshot().time().toInstant(), 1, Integer::sum));
    List<String> lines = new ArrayList<>();
    for (Decision d : decisions) {
      Instant t = d.snapshot().time().toInstant();
      boolean tie = perTime.get(t) > 1;
      lines.add(
          t
              + (tie ? " (tie)" : " " + d.snapshot().id().toShortHex())
              + " "
              + d.verdict()
              + " "
              + d.reasons());
    }
    lines.sort(
        (a, b) -> {
          int byTime = b.substring(0, b.indexOf(' ')).compareTo(a.substring(0, a.indexOf(' ')));
          return byTime != 0 ? byTime : a.compareTo(b);
        });
    return lines;
  }
}
