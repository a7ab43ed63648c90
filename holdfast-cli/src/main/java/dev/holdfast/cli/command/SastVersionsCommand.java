package dev.holdfast.cli.command;

import dev.holdfast.cli.Formats;
import dev.holdfast.cli.GateOption;
import dev.holdfast.cli.Output;
import dev.holdfast.cli.Postures;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.cli.Times;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.sast.posture.PostureBook;
import dev.holdfast.sast.posture.PostureJudge;
import dev.holdfast.sast.posture.VersionPosture;
import dev.holdfast.sast.posture.VersionTimeline;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sast versions [--app NAME]}. */
@Command(
    name = "versions",
    description =
        "List application versions (from snapshots and reports), oldest first, with their"
            + " open findings and verdict.")
public final class SastVersionsCommand extends RepoCommand {
  @Option(names = "--app", paramLabel = "NAME", description = "Only this application.")
  String app;

  @Mixin GateOption gate = new GateOption();

  @Override
  public Integer call() {
    try (Repository repo = Repositories.open(global())) {
      List<Snapshot> snapshots = repo.snapshots().list().snapshots();
      // Every report is read once; versions only snapshots name are unknown.
      PostureBook book = PostureBook.loadAll(repo);
      Postures.warnUnreadable(book, err());
      VersionTimeline timeline = VersionTimeline.of(snapshots, book);
      PostureJudge judge = book.judge(gate.gate(), repo.clock().instant());
      List<String> apps = app == null ? timeline.apps() : List.of(app);
      List<Map<String, Object>> json = new ArrayList<>();
      List<List<String>> rows = new ArrayList<>();
      for (String a : apps) {
        for (AppVersion v : timeline.versionsOf(a)) {
          VersionPosture p = judge.of(v);
          String first =
              timeline
                  .firstSeen(v)
                  .map(t -> Formats.time(t.atZone(ZoneId.systemDefault()).toOffsetDateTime()))
                  .orElse("");
          Map<String, Object> j = Postures.json(p);
          j.put("firstSeen", timeline.firstSeen(v).map(Times::format).orElse(null));
          j.put("snapshots", timeline.snapshots(v));
          json.add(j);
          List<String> row = new ArrayList<>();
          row.addAll(
              List.of(
                  a,
                  v.version(),
                  first,
                  Integer.toString(timeline.snapshots(v)),
                  Integer.toString(p.reports())));
          row.addAll(Postures.cells(p.open()));
          row.add(p.verdict().word());
          rows.add(row);
        }
      }
      Output out = output();
      if (out.json()) {
        out.printJson(json);
      } else {
        out.table(
            List.of(
                "App",
                "Version",
                "First seen",
                "Snapshots",
                "Reports",
                "Critical",
                "High",
                "Medium",
                "Low",
                "Verdict"),
            rows);
        out.line(
            "gate: "
                + gate.gate().word()
                + " (a clean version has no open finding at or"
                + " above it)");
      }
      return 0;
    }
  }
}
