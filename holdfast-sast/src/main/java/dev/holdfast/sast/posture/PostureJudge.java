package dev.holdfast.sast.posture;

import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.sast.finding.Severity;
import dev.holdfast.sast.store.FindingId;
import dev.holdfast.sast.store.Waiver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verdicts from a {@link PostureBook} under one gate at one time. A version's posture is computed
 * once and shared by every snapshot that recorded it, so judging many snapshots costs little more
 * than judging their distinct versions. Not thread-safe.
 */
public final class PostureJudge {
  private final PostureBook book;
  private final Gate gate;
  private final Instant now;
  private final Map<String, Map<FindingId, Waiver>> activeWaivers = new HashMap<>();
  private final Map<String, Set<Long>> waivedBits = new HashMap<>();
  private final Map<AppVersion, VersionPosture> postures = new HashMap<>();
  private final Map<List<AppVersion>, Combined> combinations = new HashMap<>();

  PostureJudge(PostureBook book, Gate gate, Instant now) {
    this.book = book;
    this.gate = gate;
    this.now = now;
    for (Waiver w : book.waivers()) {
      if (w.activeAt(now)) {
        activeWaivers.computeIfAbsent(w.app(), a -> new HashMap<>()).merge(w.finding(), w, later());
        waivedBits.computeIfAbsent(w.app(), a -> new HashSet<>()).add(w.finding().bits());
      }
    }
  }

  private static java.util.function.BinaryOperator<Waiver> later() {
    return (a, b) -> a.until().isAfter(b.until()) ? a : b;
  }

  public Gate gate() {
    return gate;
  }

  public Instant now() {
    return now;
  }

  /** The active waiver covering finding {@code id} of {@code app}, if any. */
  public Optional<Waiver> waiverOf(String app, FindingId id) {
    return Optional.ofNullable(activeWaivers.getOrDefault(app, Map.of()).get(id));
  }

  /** Whether {@code f}, a finding of {@code version}, counts, and if not why. */
  public FindingStatus statusOf(AppVersion version, VersionFinding f) {
    if (f.fixed()) {
      return FindingStatus.FIXED;
    }
    if (f.suppressed()) {
      return FindingStatus.SUPPRESSED;
    }
    if (waiverOf(version.name(), f.id()).isPresent()) {
      return FindingStatus.WAIVED;
    }
    return FindingStatus.OPEN;
  }

  /** The posture of one application version. */
  public VersionPosture of(AppVersion version) {
    return postures.computeIfAbsent(version, this::compute);
  }

  /** As {@link #statusOf} decides, over the marks that stand for the version's findings. */
  private VersionPosture compute(AppVersion version) {
    VersionSummary summary = book.summary(version);
    FindingMarks marks = summary.marks();
    Set<Long> waivedHere = waivedBits.getOrDefault(version.name(), Set.of());
    long[] counts = new long[Severity.values().length];
    long suppressed = 0;
    long waived = 0;
    long fixed = 0;
    boolean refused = false;
    for (int i = 0; i < marks.size(); i++) {
      if (marks.fixed(i)) {
        fixed++;
      } else if (marks.suppressed(i)) {
        suppressed++;
      } else if (!waivedHere.isEmpty() && waivedHere.contains(marks.id(i))) {
        waived++;
      } else {
        Severity s = marks.severity(i);
        counts[s.ordinal()]++;
        refused |= gate.refuses(s);
      }
    }
    SeverityCounts open =
        new SeverityCounts(
            counts[Severity.CRITICAL.ordinal()],
            counts[Severity.HIGH.ordinal()],
            counts[Severity.MEDIUM.ordinal()],
            counts[Severity.LOW.ordinal()],
            counts[Severity.NONE.ordinal()]);
    Verdict verdict;
    if (refused) {
      verdict = Verdict.VULNERABLE;
    } else if (!summary.reported() || book.damaged(version)) {
      verdict = Verdict.UNKNOWN;
    } else {
      verdict = Verdict.CLEAN;
    }
    return new VersionPosture(version, verdict, open, suppressed, waived, fixed, summary.reports());
  }

  /** The posture of one snapshot, from the application versions it recorded. */
  public SnapshotPosture of(Snapshot s) {
    if (s.appVersions().isEmpty()) {
      return new SnapshotPosture(
          s,
          Verdict.UNKNOWN,
          SeverityCounts.ZERO,
          List.of(),
          "no application version recorded (backup --app NAME=VERSION)");
    }
    Combined c = combinations.computeIfAbsent(s.appVersions(), this::combine);
    return new SnapshotPosture(s, c.verdict(), c.open(), c.versions(), c.why());
  }

  /** What the snapshots that recorded the same application versions share. */
  private record Combined(
      Verdict verdict, SeverityCounts open, List<VersionPosture> versions, String why) {}

  private Combined combine(List<AppVersion> recorded) {
    List<VersionPosture> versions = new ArrayList<>();
    SeverityCounts open = SeverityCounts.ZERO;
    for (AppVersion v : new java.util.LinkedHashSet<>(recorded)) {
      VersionPosture p = of(v);
      versions.add(p);
      open = open.plus(p.open());
    }
    Verdict verdict = combined(versions);
    return new Combined(verdict, open, List.copyOf(versions), why(verdict, versions));
  }

  /** The postures of {@code snapshots}, in the order given. */
  public List<SnapshotPosture> of(List<Snapshot> snapshots) {
    List<SnapshotPosture> out = new ArrayList<>(snapshots.size());
    snapshots.forEach(s -> out.add(of(s)));
    return out;
  }

  private static Verdict combined(List<VersionPosture> versions) {
    boolean unknown = false;
    for (VersionPosture p : versions) {
      if (p.verdict() == Verdict.VULNERABLE) {
        return Verdict.VULNERABLE;
      }
      unknown |= p.verdict() == Verdict.UNKNOWN;
    }
    return unknown ? Verdict.UNKNOWN : Verdict.CLEAN;
  }

  private String why(Verdict verdict, List<VersionPosture> versions) {
    List<String> parts = new ArrayList<>();
    for (VersionPosture p : versions) {
      if (p.verdict() != verdict) {
        continue;
      }
      switch (verdict) {
        case VULNERABLE -> parts.add(p.version() + " has " + refusedCounts(p.open()));
        case UNKNOWN ->
            parts.add(
                book.damaged(p.version())
                    ? "a report of " + p.version() + " is unreadable"
                    : "no report for " + p.version());
        case CLEAN -> parts.add(p.version().toString());
      }
    }
    String list = String.join("; ", parts);
    return verdict == Verdict.CLEAN
        ? "no open finding at or above " + gate.word() + " in " + list
        : list;
  }

  private String refusedCounts(SeverityCounts open) {
    return open.atLeast(gate.threshold()).describe() + " open (gate " + gate.word() + ")";
  }
}
