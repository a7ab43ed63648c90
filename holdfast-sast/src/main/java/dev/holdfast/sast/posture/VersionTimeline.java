package dev.holdfast.sast.posture;

import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.sast.store.ReportHeader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The order application versions came in. Version ids are opaque (commits, digests), so a version
 * is placed at the time Holdfast first saw it: its oldest snapshot, or its first report's ingestion
 * when that is earlier (a report from CI before the deploy).
 */
public final class VersionTimeline {
  private final Map<AppVersion, Instant> firstSeen = new HashMap<>();
  private final Map<AppVersion, Integer> snapshots = new HashMap<>();

  private VersionTimeline() {}

  /** The timeline of the versions that {@code snapshots} recorded and {@code book} holds. */
  public static VersionTimeline of(Collection<Snapshot> snapshots, PostureBook book) {
    VersionTimeline t = new VersionTimeline();
    for (Snapshot s : snapshots) {
      for (AppVersion v : s.appVersions()) {
        t.seen(v, s.time().toInstant());
        t.snapshots.merge(v, 1, Integer::sum);
      }
    }
    for (VersionFindings f : book.versions()) {
      for (ReportHeader h : f.reports()) {
        t.seen(f.version(), h.ingestedAt());
      }
    }
    return t;
  }

  private void seen(AppVersion v, Instant when) {
    firstSeen.merge(v, when, (a, b) -> a.isBefore(b) ? a : b);
  }

  /** When {@code version} was first seen, if at all. */
  public Optional<Instant> firstSeen(AppVersion version) {
    return Optional.ofNullable(firstSeen.get(version));
  }

  /** How many snapshots recorded {@code version}. */
  public int snapshots(AppVersion version) {
    return snapshots.getOrDefault(version, 0);
  }

  /** Every application name, sorted. */
  public List<String> apps() {
    TreeSet<String> apps = new TreeSet<>();
    firstSeen.keySet().forEach(v -> apps.add(v.name()));
    return List.copyOf(apps);
  }

  /** The versions of {@code app}, first seen first (equal times by version id). */
  public List<AppVersion> versionsOf(String app) {
    List<AppVersion> out = new ArrayList<>();
    firstSeen.keySet().stream().filter(v -> v.name().equals(app)).forEach(out::add);
    out.sort(
        Comparator.comparing((AppVersion v) -> firstSeen.get(v))
            .thenComparing(AppVersion::version));
    return out;
  }
}
