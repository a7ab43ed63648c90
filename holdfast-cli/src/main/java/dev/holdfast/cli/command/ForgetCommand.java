package dev.holdfast.cli.command;

import dev.holdfast.cli.Formats;
import dev.holdfast.cli.GateOption;
import dev.holdfast.cli.Output;
import dev.holdfast.cli.Postures;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.cli.SnapshotFilter;
import dev.holdfast.cli.Times;
import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.forget.Forget;
import dev.holdfast.core.forget.ForgetRequest;
import dev.holdfast.core.forget.ForgetResult;
import dev.holdfast.core.lock.LockMode;
import dev.holdfast.core.lock.RepositoryLock;
import dev.holdfast.core.prune.Prune;
import dev.holdfast.core.prune.PruneOptions;
import dev.holdfast.core.prune.PruneResult;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.retention.Bucket;
import dev.holdfast.core.retention.Decision;
import dev.holdfast.core.retention.GroupBy;
import dev.holdfast.core.retention.GroupKey;
import dev.holdfast.core.retention.KeepDuration;
import dev.holdfast.core.retention.KeepPolicy;
import dev.holdfast.core.retention.KeepRule;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.sast.posture.PostureJudge;
import dev.holdfast.sast.retention.LastCleanRule;
import dev.holdfast.sast.retention.SuspectRule;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code holdfast forget}: removes snapshots by a retention policy with restic's rules, or the
 * snapshots named; pinned and object-locked snapshots stay. The data stays until prune.
 */
@Command(
    name = "forget",
    description = {
      "Remove snapshots by a retention policy (restic's --keep-* rules), or the snapshots named.",
      "Snapshots are grouped (by source unless --group-by says otherwise) and the policy is applied"
          + " to each group; pinned snapshots are always kept. Data stays until prune.",
      "N is a count, or -1 (or unlimited) for all; DURATION is restic's form: 1y2m3d4h, 7d, 36h."
    })
public final class ForgetCommand extends RepoCommand {
  @Parameters(
      arity = "0..*",
      paramLabel = "SNAPSHOT",
      description = "Snapshots to remove (id prefix or latest), instead of a policy.")
  List<String> snapshots = new ArrayList<>();

  @Option(names = "--keep-last", paramLabel = "N", description = "Keep the N newest snapshots.")
  String last;

  @Option(
      names = "--keep-hourly",
      paramLabel = "N",
      description = "Keep the newest snapshot of each of the N newest hours.")
  String hourly;

  @Option(
      names = "--keep-daily",
      paramLabel = "N",
      description = "Keep the newest snapshot of each of the N newest days.")
  String daily;

  @Option(
      names = "--keep-weekly",
      paramLabel = "N",
      description = "Keep the newest snapshot of each of the N newest ISO weeks.")
  String weekly;

  @Option(
      names = "--keep-monthly",
      paramLabel = "N",
      description = "Keep the newest snapshot of each of the N newest months.")
  String monthly;

  @Option(
      names = "--keep-yearly",
      paramLabel = "N",
      description = "Keep the newest snapshot of each of the N newest years.")
  String yearly;

  @Option(
      names = "--keep-within",
      paramLabel = "DURATION",
      description = "Keep every snapshot within DURATION (e.g. 1y2m3d4h) of the group's newest.")
  String within;

  @Option(
      names = "--keep-within-hourly",
      paramLabel = "DURATION",
      description = "Keep the newest snapshot of each hour within DURATION of the newest.")
  String withinHourly;

  @Option(
      names = "--keep-within-daily",
      paramLabel = "DURATION",
      description = "Keep the newest snapshot of each day within DURATION of the newest.")
  String withinDaily;

  @Option(
      names = "--keep-within-weekly",
      paramLabel = "DURATION",
      description = "Keep the newest snapshot of each ISO week within DURATION of the newest.")
  String withinWeekly;

  @Option(
      names = "--keep-within-monthly",
      paramLabel = "DURATION",
      description = "Keep the newest snapshot of each month within DURATION of the newest.")
  String withinMonthly;

  @Option(
      names = "--keep-within-yearly",
      paramLabel = "DURATION",
      description = "Keep the newest snapshot of each year within DURATION of the newest.")
  String withinYearly;

  @Option(
      names = "--keep-tag",
      paramLabel = "TAG[,TAG...]",
      description = "Keep every snapshot that has all these tags (repeatable: any list keeps).")
  List<String> keepTags = new ArrayList<>();

  @Option(
      names = "--group-by",
      paramLabel = "GROUPS",
      defaultValue = "source",
      description =
          "Apply the policy per group of source, host, paths, tags (comma-separated; '' for one"
              + " group; default source).")
  String groupBy;

  @Option(
      names = {"-n", "--dry-run"},
      description = "Show what would be removed; remove nothing.")
  boolean dryRun;

  @Option(
      names = "--prune",
      description =
          "Then prune: remove the data no snapshot needs any more (see 'holdfast prune'; not in a"
              + " dry run).")
  boolean prune;

  @Option(
      names = "--keep-last-clean",
      paramLabel = "N",
      defaultValue = "3",
      description =
          "Always keep the N newest snapshots of each source whose security posture is clean"
              + " (default 3; 0 turns this off). See 'holdfast posture'.")
  int keepLastClean;

  @Option(
      names = "--keep-suspect-for",
      paramLabel = "DURATION",
      description =
          "Keep suspect snapshots (written while a vulnerable version ran) younger than DURATION"
              + " for forensics, whatever the other rules say.")
  String keepSuspectFor;

  @Mixin GateOption gate = new GateOption();

  @Mixin SnapshotFilter filter = new SnapshotFilter();

  @Override
  public Integer call() {
    KeepPolicy policy = policy();
    GroupBy groups = GroupBy.parse(groupBy);
    if (snapshots.isEmpty() && policy.isEmpty()) {
      throw new UsageError(
          "no policy given: use at least one --keep-* option, or name the snapshots to forget");
    }
    try (Repository repo = Repositories.open(global())) {
      ForgetResult result;
      try (RepositoryLock lock = Repositories.locks(repo).acquire(LockMode.SHARED, "forget")) {
        result = forget(repo, policy, groups);
      }
      Optional<PruneResult> pruned =
          prune && !dryRun
              ? Optional.of(new Prune(repo, Repositories.locks(repo)).run(PruneOptions.DEFAULT))
              : Optional.empty();
      return render(result, policy, pruned);
    }
  }

  private ForgetResult forget(Repository repo, KeepPolicy policy, GroupBy groups) {
    ForgetRequest request =
        new ForgetRequest(
            policy, groups, filter.selection(), snapshots, ZoneId.systemDefault(), dryRun);
    return new Forget(repo).run(request.protectedBy(protections(repo)));
  }

  /**
   * The rules that protect known-good and suspect state (docs/RETENTION.md, "Security posture"),
   * judged over every snapshot of the repository now.
   */
  private List<KeepRule> protections(Repository repo) {
    if (keepLastClean < 0) {
      throw new UsageError("--keep-last-clean: '" + keepLastClean + "' is not 0 or more");
    }
    Optional<KeepDuration> suspect =
        Optional.ofNullable(keepSuspectFor).map(d -> KeepDuration.parse(d, "--keep-suspect-for"));
    if (keepLastClean == 0 && suspect.isEmpty()) {
      return List.of();
    }
    List<Snapshot> all = repo.snapshots().list().snapshots();
    PostureJudge judge = Postures.judge(repo, all, gate.gate(), err());
    List<KeepRule> rules = new ArrayList<>();
    if (keepLastClean > 0) {
      rules.add(new LastCleanRule(all, keepLastClean, judge));
    }
    suspect.ifPresent(d -> rules.add(new SuspectRule(d, judge)));
    return rules;
  }

  private int render(ForgetResult result, KeepPolicy policy, Optional<PruneResult> pruned) {
    for (CorruptObject e : result.unreadable()) {
      warn(e.getMessage() + " (left as it is)");
    }
    Output out = output();
    if (out.json()) {
      Map<String, Object> json = json(result, policy);
      json.put("prune", pruned.map(PruneCommand::json).orElse(null));
      out.printJson(json);
      return 0;
    }
    if (!policy.isEmpty()) {
      out.line("applying policy: " + policy.describe());
    }
    if (keepLastClean > 0) {
      out.line(
          "also keeping the "
              + keepLastClean
              + " newest clean snapshots of each source (gate "
              + gate.gate().word()
              + ")");
    }
    if (keepSuspectFor != null) {
      out.line("also keeping suspect snapshots younger than " + keepSuspectFor);
    }
    for (ForgetResult.Group g : result.groups()) {
      long kept = g.decisions().stream().filter(Decision::kept).count();
      out.line("");
      out.line(
          g.key().describe()
              + ": "
              + (dryRun ? "would keep " : "keep ")
              + kept
              + ", "
              + (dryRun ? "would remove " : "remove ")
              + (g.decisions().size() - kept));
      List<List<String>> rows = new ArrayList<>();
      for (Decision d : g.decisions()) {
        Snapshot s = d.snapshot();
        rows.add(
            List.of(
                s.id().toShortHex(),
                Formats.time(s.time()),
                s.host(),
                s.source(),
                String.join(",", s.tags()),
                d.kept() ? "keep" : "remove",
                String.join(", ", d.reasons())));
      }
      out.table(List.of("ID", "Time", "Host", "Source", "Tags", "Action", "Reasons"), rows);
    }
    out.line("");
    out.line(
        dryRun
            ? String.format(
                "dry run: would keep %d and remove %d snapshots; nothing was removed",
                result.kept(), result.removed())
            : String.format(
                "kept %d, removed %d snapshots%s",
                result.kept(),
                result.removed(),
                pruned.isPresent() ? "; pruning" : " (their data stays until prune)"));
    if (prune && dryRun) {
      out.line("dry run: prune skipped");
    }
    pruned.ifPresent(r -> PruneCommand.render(out, r));
    return 0;
  }

  private KeepPolicy policy() {
    KeepPolicy.Builder b = KeepPolicy.builder();
    String[] counts = {last, hourly, daily, weekly, monthly, yearly};
    String[] withins = {
      within, withinHourly, withinDaily, withinWeekly, withinMonthly, withinYearly
    };
    for (Bucket bucket : Bucket.values()) {
      String name = bucket == Bucket.LAST ? "last" : bucket.word();
      if (counts[bucket.ordinal()] != null) {
        b.count(bucket, count(counts[bucket.ordinal()], "--keep-" + name));
      }
      String w = withins[bucket.ordinal()];
      if (w != null) {
        String option = bucket == Bucket.LAST ? "--keep-within" : "--keep-within-" + name;
        b.within(bucket, KeepDuration.parse(w, option));
      }
    }
    for (String list : keepTags) {
      List<String> tags = new ArrayList<>();
      for (String t : list.split(",", -1)) {
        if (t.isBlank()) {
          throw new UsageError("--keep-tag '" + list + "': a tag must not be empty");
        }
        tags.add(t.strip());
      }
      b.tags(tags);
    }
    return b.build();
  }

  /** A count: 0 or more, or -1 / {@code unlimited} for every bucket. */
  private static int count(String text, String option) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("unlimited") || t.equals("-1")) {
      return KeepPolicy.UNLIMITED;
    }
    try {
      int n = Integer.parseInt(t);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new UsageError(
        option + ": '" + text + "' is not a count (0 or more, or -1 / unlimited for all)");
  }

  /** The JSON form (docs/CLI.md, "holdfast forget"). */
  private static Map<String, Object> json(ForgetResult r, KeepPolicy policy) {
    List<Map<String, Object>> groups = new ArrayList<>();
    for (ForgetResult.Group g : r.groups()) {
      List<Map<String, Object>> decisions = new ArrayList<>();
      for (Decision d : g.decisions()) {
        Snapshot s = d.snapshot();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("id", s.id().toHex());
        j.put("shortId", s.id().toShortHex());
        j.put("time", Times.format(s.time()));
        j.put("host", s.host());
        j.put("source", s.source());
        j.put("paths", s.paths());
        j.put("tags", s.tags());
        j.put("action", d.kept() ? "keep" : "remove");
        j.put("reasons", d.reasons());
        decisions.add(j);
      }
      GroupKey k = g.key();
      Map<String, Object> key = new LinkedHashMap<>();
      key.put("source", k.source());
      key.put("host", k.host());
      key.put("paths", k.paths());
      key.put("tags", k.tags());
      Map<String, Object> group = new LinkedHashMap<>();
      group.put("key", key);
      long kept = g.decisions().stream().filter(Decision::kept).count();
      group.put("kept", kept);
      group.put("removed", g.decisions().size() - kept);
      group.put("snapshots", decisions);
      groups.add(group);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("dryRun", r.dryRun());
    json.put("policy", policy.isEmpty() ? null : policy.describe());
    json.put("groups", groups);
    json.put("kept", r.kept());
    json.put("removed", r.removed());
    return json;
  }
}
