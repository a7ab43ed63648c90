package dev.holdfast.sast.page;

import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.sast.posture.Gate;
import dev.holdfast.sast.posture.SeverityCounts;
import dev.holdfast.sast.posture.SnapshotPosture;
import dev.holdfast.sast.posture.Verdict;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Renders the posture timeline as one self-contained HTML page (no script, no external resource):
 * for each source, a strip of snapshots coloured by verdict, oldest to newest, then a table of
 * every snapshot with its time, application versions, open findings and the reason for its verdict.
 * Every text from the repository is escaped.
 */
public final class PosturePage {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final Gate gate;
  private final Instant generated;
  private final ZoneId zone;

  public PosturePage(Gate gate, Instant generated, ZoneId zone) {
    this.gate = gate;
    this.generated = generated;
    this.zone = zone;
  }

  /** The page for {@code postures} (any order; shown per source, oldest first). */
  public String render(List<SnapshotPosture> postures) {
    Map<String, List<SnapshotPosture>> bySource = new TreeMap<>();
    for (SnapshotPosture p : postures) {
      bySource.computeIfAbsent(p.snapshot().source(), s -> new ArrayList<>()).add(p);
    }
    bySource
        .values()
        .forEach(l -> l.sort((a, b) -> a.snapshot().time().compareTo(b.snapshot().time())));
    StringBuilder b = new StringBuilder(4096 + postures.size() * 400);
    head(b);
    b.append(
            "<h1>Backup security posture</h1>\n<p class=\"lead\">Each backup (snapshot) is judged by the ")
        .append(
            "security reports of the application versions that were running when it was taken. ")
        .append("Generated ")
        .append(Html.escape(time(generated)))
        .append(" from ")
        .append(postures.size())
        .append(" snapshots. Gate: a version is clean when it has no open finding of severity <b>")
        .append(Html.escape(gate.word()))
        .append("</b> or worse.</p>\n");
    legend(b);
    for (Map.Entry<String, List<SnapshotPosture>> e : bySource.entrySet()) {
      source(b, e.getKey(), e.getValue());
    }
    b.append("</body>\n</html>\n");
    return b.toString();
  }

  private static void head(StringBuilder b) {
    b.append(
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Holdfast: backup security posture</title>
        <style>
        body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #1d2125; padding: 0 1em; }
        h1 { font-size: 1.6em; margin-bottom: .2em; }
        h2 { font-size: 1.2em; margin-top: 2em; word-break: break-all; }
        .lead { color: #444; }
        .legend span, .verdict { display: inline-block; padding: .1em .6em; border-radius: .8em; font-weight: 600; }
        .clean { background: #d7f5dd; color: #0b5d1e; }
        .vulnerable { background: #fbd9d7; color: #8a1410; }
        .unknown { background: #ececec; color: #4a4a4a; }
        .strip { display: flex; gap: 2px; margin: .6em 0 1em; flex-wrap: wrap; }
        .strip a { display: block; width: 14px; height: 28px; border-radius: 3px; }
        .strip a.clean { background: #2e9e4a; }
        .strip a.vulnerable { background: #d93025; }
        .strip a.unknown { background: #b0b0b0; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .35em .6em; border-bottom: 1px solid #e3e3e3; vertical-align: top; }
        th { background: #f6f6f6; font-weight: 600; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        tr.vulnerable td:first-child { border-left: 4px solid #d93025; }
        tr.clean td:first-child { border-left: 4px solid #2e9e4a; }
        tr.unknown td:first-child { border-left: 4px solid #b0b0b0; }
        code { font-size: .92em; }
        </style>
        </head>
        <body>
        """);
  }

  private static void legend(StringBuilder b) {
    b.append("<p class=\"legend\"><span class=\"clean\">clean</span> every application version ")
        .append("has a report and none has an open finding at or above the gate &nbsp; ")
        .append("<span class=\"vulnerable\">vulnerable</span> a version that was running has such")
        .append(" a finding: the backup is suspect &nbsp; <span class=\"unknown\">unknown</span> ")
        .append("no report yet for a version, or no version recorded</p>\n");
  }

  private void source(StringBuilder b, String source, List<SnapshotPosture> list) {
    b.append("<h2>").append(Html.escape(source)).append("</h2>\n<div class=\"strip\">");
    for (SnapshotPosture p : list) {
      String cls = p.verdict().word();
      b.append("<a class=\"")
          .append(cls)
          .append("\" href=\"#s")
          .append(p.snapshot().id().toHex())
          .append("\" title=\"")
          .append(Html.escape(time(p.snapshot()) + ": " + cls))
          .append("\"></a>");
    }
    b.append("</div>\n<table>\n<tr><th>Snapshot</th><th>Time</th><th>Application versions</th>")
        .append("<th>Critical</th><th>High</th><th>Medium</th><th>Low</th><th>Verdict</th>")
        .append("<th>Why</th></tr>\n");
    for (int i = list.size() - 1; i >= 0; i--) {
      row(b, list.get(i));
    }
    b.append("</table>\n");
  }

  private void row(StringBuilder b, SnapshotPosture p) {
    Snapshot s = p.snapshot();
    String cls = p.verdict().word();
    String apps =
        s.appVersions().stream().map(AppVersion::toString).collect(Collectors.joining(", "));
    SeverityCounts c = p.open();
    b.append("<tr class=\"")
        .append(cls)
        .append("\" id=\"s")
        .append(s.id().toHex())
        .append("\"><td><code>")
        .append(s.id().toShortHex())
        .append("</code></td><td>")
        .append(Html.escape(time(s)))
        .append("</td><td>")
        .append(Html.escape(apps.isEmpty() ? "(none recorded)" : apps))
        .append("</td>");
    for (long n : new long[] {c.critical(), c.high(), c.medium(), c.low()}) {
      b.append("<td class=\"n\">").append(n).append("</td>");
    }
    b.append("<td><span class=\"verdict ")
        .append(cls)
        .append("\">")
        .append(p.verdict() == Verdict.VULNERABLE ? "vulnerable (suspect)" : cls)
        .append("</span></td><td>")
        .append(Html.escape(p.why()))
        .append("</td></tr>\n");
  }

  private String time(Snapshot s) {
    return TIME.format(s.time().atZoneSameInstant(zone));
  }

  private String time(Instant t) {
    return TIME.format(t.atZone(zone));
  }
}
