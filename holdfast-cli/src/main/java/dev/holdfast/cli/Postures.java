package dev.holdfast.cli;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.sast.posture.Gate;
import dev.holdfast.sast.posture.PostureBook;
import dev.holdfast.sast.posture.PostureJudge;
import dev.holdfast.sast.posture.SeverityCounts;
import dev.holdfast.sast.posture.SnapshotPosture;
import dev.holdfast.sast.posture.VersionPosture;
import dev.holdfast.sast.store.ReportHeader;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the commands that judge snapshots share: loading the posture of some snapshots with a
 * warning for each unreadable report or waiver, and the JSON forms of docs/CLI.md.
 */
public final class Postures {
  private Postures() {}

  /** A judge of {@code snapshots}' versions under {@code gate} now; warns on {@code err}. */
  public static PostureJudge judge(
      Repository repo, Collection<Snapshot> snapshots, Gate gate, PrintWriter err) {
    PostureBook book = PostureBook.forVerdicts(repo, snapshots);
    warnUnreadable(book, err);
    return book.judge(gate, repo.clock().instant());
  }

  /** Prints one warning per report or waiver that failed to open. */
  public static void warnUnreadable(PostureBook book, PrintWriter err) {
    for (CorruptObject e : book.unreadable()) {
      err.println("warning: " + e.getMessage() + " (its version is not judged clean)");
    }
    err.flush();
  }

  /** The JSON form of a stored report's header. */
  public static Map<String, Object> json(ReportHeader h) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("id", h.id());
    j.put("app", h.version().name());
    j.put("version", h.version().version());
    j.put("versionSource", h.versionSource().name().toLowerCase(java.util.Locale.ROOT));
    j.put("ingestedAt", Times.format(h.ingestedAt()));
    j.put("source", h.source());
    j.put("sha256", h.sha256());
    j.put("tools", h.tools());
    j.put("runs", h.runs().size());
    j.put("results", h.findings());
    return j;
  }

  /** The JSON form of a version's posture. */
  public static Map<String, Object> json(VersionPosture p) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("app", p.version().name());
    j.put("version", p.version().version());
    j.put("verdict", p.verdict().word());
    j.put("open", p.open());
    j.put("suppressed", p.suppressed());
    j.put("waived", p.waived());
    j.put("fixed", p.fixed());
    j.put("reports", p.reports());
    return j;
  }

  /** The JSON form of a snapshot's posture. */
  public static Map<String, Object> json(SnapshotPosture p) {
    Snapshot s = p.snapshot();
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("id", s.id().toHex());
    j.put("shortId", s.id().toShortHex());
    j.put("time", Times.format(s.time()));
    j.put("host", s.host());
    j.put("source", s.source());
    j.put("verdict", p.verdict().word());
    j.put("suspect", p.suspect());
    j.put("open", p.open());
    j.put("why", p.why());
    j.put("versions", p.versions().stream().map(Postures::json).toList());
    return j;
  }

  /** Table cells for counts: critical, high, medium, low. */
  public static List<String> cells(SeverityCounts c) {
    return List.of(
        Long.toString(c.critical()),
        Long.toString(c.high()),
        Long.toString(c.medium()),
        Long.toString(c.low()));
  }
}
