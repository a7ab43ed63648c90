package dev.holdfast.cli.command;

import dev.holdfast.cli.Formats;
import dev.holdfast.cli.GateOption;
import dev.holdfast.cli.Output;
import dev.holdfast.cli.OutputFiles;
import dev.holdfast.cli.Postures;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.cli.SnapshotFilter;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.SnapshotStore;
import dev.holdfast.sast.page.PosturePage;
import dev.holdfast.sast.posture.PostureJudge;
import dev.holdfast.sast.posture.SnapshotPosture;
import dev.holdfast.sast.posture.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code holdfast posture}: the security posture of every snapshot, from the reports of the
 * application versions it recorded, computed now.
 */
@Command(
    name = "posture",
    description = {
      "Show the security posture of snapshots: clean, vulnerable (suspect) or unknown, from the"
          + " reports of the application versions each recorded (backup --app NAME=VERSION).",
      "Computed now: a report ingested later for an old version changes old snapshots' verdicts."
    })
public final class PostureCommand extends RepoCommand {
  @Mixin SnapshotFilter filter = new SnapshotFilter();

  @Mixin GateOption gate = new GateOption();

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description = "Also write the timeline as a self-contained HTML page to FILE.")
  Path html;

  @Override
  public Integer call() {
    try (Repository repo = Repositories.open(global())) {
      SnapshotStore.Listing listing = repo.snapshots().list();
      listing.unreadable().forEach(e -> warn(e.getMessage()));
      List<Snapshot> chosen =
          listing.snapshots().stream()
              .filter(filter.predicate())
              .sorted(SnapshotStore.CHRONOLOGICAL)
              .toList();
      PostureJudge judge = Postures.judge(repo, chosen, gate.gate(), err());
      List<SnapshotPosture> postures = judge.of(chosen);
      if (html != null) {
        String page =
            new PosturePage(gate.gate(), judge.now(), ZoneId.systemDefault()).render(postures);
        OutputFiles.writeAtomically(html, page.getBytes(StandardCharsets.UTF_8));
      }
      render(postures);
      return 0;
    }
  }

  private void render(List<SnapshotPosture> postures) {
    Output out = output();
    if (out.json()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("gate", gate.gate().word());
      json.put("snapshots", postures.stream().map(Postures::json).toList());
      json.put("html", html == null ? null : html.toAbsolutePath().toString());
      out.printJson(json);
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (SnapshotPosture p : postures) {
      Snapshot s = p.snapshot();
      List<String> row = new ArrayList<>();
      row.add(s.id().toShortHex());
      row.add(Formats.time(s.time()));
      row.add(s.source());
      row.add(s.appVersions().stream().map(AppVersion::toString).collect(Collectors.joining(",")));
      row.addAll(Postures.cells(p.open()));
      row.add(p.verdict() == Verdict.VULNERABLE ? "vulnerable (suspect)" : p.verdict().word());
      rows.add(row);
    }
    out.table(
        List.of("ID", "Time", "Source", "Apps", "Critical", "High", "Medium", "Low", "Verdict"),
        rows);
    long[] counts = new long[Verdict.values().length];
    postures.forEach(p -> counts[p.verdict().ordinal()]++);
    out.line(
        String.format(
            "%d snapshots: %d clean, %d vulnerable, %d unknown (gate %s)",
            postures.size(),
            counts[Verdict.CLEAN.ordinal()],
            counts[Verdict.VULNERABLE.ordinal()],
            counts[Verdict.UNKNOWN.ordinal()],
            gate.gate().word()));
    if (html != null) {
      out.line("wrote " + html);
    }
  }
}
