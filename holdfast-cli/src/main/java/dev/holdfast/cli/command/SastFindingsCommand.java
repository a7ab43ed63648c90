package dev.holdfast.cli.command;

import dev.holdfast.cli.Output;
import dev.holdfast.cli.Postures;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.cli.Times;
import dev.holdfast.core.NotFound;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.sast.finding.Severity;
import dev.holdfast.sast.posture.FindingHistory;
import dev.holdfast.sast.posture.FindingStatus;
import dev.holdfast.sast.posture.PostureBook;
import dev.holdfast.sast.posture.PostureJudge;
import dev.holdfast.sast.posture.VersionFinding;
import dev.holdfast.sast.posture.VersionFindings;
import dev.holdfast.sast.posture.VersionTimeline;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sast findings --app NAME [--version ID]}. */
@Command(
    name = "findings",
    description = {
      "List the findings of an application: of one version with --version, else of every"
          + " reported version with the first and last version that had each.",
      "Status: open (counts), suppressed (by the report), waived (by a waiver in force), fixed"
          + " (baseline state absent)."
    })
public final class SastFindingsCommand extends RepoCommand {
  @Option(names = "--app", required = true, paramLabel = "NAME", description = "Application.")
  String app;

  @Option(names = "--version", paramLabel = "ID", description = "Only this version.")
  String version;

  @Option(
      names = "--min-severity",
      paramLabel = "SEVERITY",
      description = "Leave out findings below SEVERITY (critical, high, medium, low, info).")
  String minSeverity;

  @Option(names = "--open", description = "Only findings that count (status open).")
  boolean onlyOpen;

  @Override
  public Integer call() {
    Severity floor =
        minSeverity == null
            ? Severity.NONE
            : dev.holdfast.sast.posture.Gate.parse(minSeverity).threshold();
    try (Repository repo = Repositories.open(global())) {
      List<Snapshot> snapshots = repo.snapshots().list().snapshots();
      PostureBook book;
      List<FindingHistory> histories;
      if (version != null) {
        AppVersion v = SastViews.appVersion(app, version);
        book = PostureBook.load(repo, List.of(v));
        VersionFindings findings = book.findings(v);
        if (!findings.reported()) {
          throw new NotFound("no report for " + v + " (see 'holdfast sast versions')");
        }
        histories = new ArrayList<>();
        for (VersionFinding f : findings.findings()) {
          histories.add(new FindingHistory(f.id(), List.of(v), f));
        }
      } else {
        book = PostureBook.loadAll(repo);
        histories = FindingHistory.of(app, VersionTimeline.of(snapshots, book), book);
      }
      Postures.warnUnreadable(book, err());
      PostureJudge judge =
          book.judge(dev.holdfast.sast.posture.Gate.DEFAULT, repo.clock().instant());
      List<FindingHistory> shown = new ArrayList<>();
      for (FindingHistory h : histories) {
        FindingStatus status = judge.statusOf(h.lastSeen(), h.latest());
        if (h.latest().finding().severity().atLeast(floor)
            && (!onlyOpen || status == FindingStatus.OPEN)) {
          shown.add(h);
        }
      }
      shown.sort(
          Comparator.comparing((FindingHistory h) -> h.latest().finding().severity())
              .thenComparing(FindingHistory::id));
      return render(shown, judge);
    }
  }

  private int render(List<FindingHistory> shown, PostureJudge judge) {
    Output out = output();
    if (out.json()) {
      List<Map<String, Object>> json = new ArrayList<>();
      for (FindingHistory h : shown) {
        var f = h.latest().finding();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("id", h.id().hex());
        j.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
        j.put("status", judge.statusOf(h.lastSeen(), h.latest()).word());
        j.put("tool", f.tool().name());
        j.put("toolVersion", f.tool().version());
        j.put("rule", f.ruleId());
        j.put("ruleName", f.ruleName());
        j.put("message", f.message());
        j.put("file", f.location().file());
        j.put("line", f.location().line());
        j.put("cwes", f.cwes());
        j.put("fingerprint", f.fingerprint().value());
        j.put("firstSeen", h.firstSeen().version());
        j.put("lastSeen", h.lastSeen().version());
        j.put("versions", h.versions().stream().map(AppVersion::version).toList());
        j.put(
            "waiver",
            judge
                .waiverOf(app, h.id())
                .map(w -> Map.of("id", w.id(), "until", Times.format(w.until())))
                .orElse(null));
        json.add(j);
      }
      out.printJson(json);
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    for (FindingHistory h : shown) {
      var f = h.latest().finding();
      String where =
          f.location().file().isEmpty()
              ? ""
              : f.location().file() + (f.location().line() > 0 ? ":" + f.location().line() : "");
      rows.add(
          List.of(
              h.id().hex(),
              f.severity() == Severity.NONE ? "info" : f.severity().name().toLowerCase(Locale.ROOT),
              judge.statusOf(h.lastSeen(), h.latest()).word(),
              f.ruleId(),
              where,
              h.firstSeen().version(),
              h.lastSeen().version()));
    }
    out.table(
        List.of("ID", "Severity", "Status", "Rule", "Location", "First seen", "Last seen"), rows);
    return 0;
  }
}
