package dev.holdfast.sast.posture;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.sast.store.ReportStore;
import dev.holdfast.sast.store.StoredReport;
import dev.holdfast.sast.store.Waiver;
import dev.holdfast.sast.store.WaiverStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the repository knows about the security of some application versions, read once: their
 * deduplicated findings and every waiver. A {@link PostureJudge} turns it into verdicts for a gate
 * and a time, so one book serves many questions.
 */
public final class PostureBook {
  private final Map<AppVersion, VersionFindings> versions;
  private final Set<AppVersion> damaged;
  private final List<Waiver> waivers;
  private final List<CorruptObject> unreadable;

  PostureBook(
      Map<AppVersion, VersionFindings> versions,
      Set<AppVersion> damaged,
      List<Waiver> waivers,
      List<CorruptObject> unreadable) {
    this.versions = versions;
    this.damaged = Set.copyOf(damaged);
    this.waivers = List.copyOf(waivers);
    this.unreadable = List.copyOf(unreadable);
  }

  /** The book of every application version the snapshots recorded. */
  public static PostureBook forSnapshots(Repository repo, Collection<Snapshot> snapshots) {
    Set<AppVersion> wanted = new LinkedHashSet<>();
    snapshots.forEach(s -> wanted.addAll(s.appVersions()));
    return load(repo, wanted);
  }

  /**
   * The book of {@code wanted}: each version's reports are found by name, so a report that fails to
   * open is known to be one of its version's, and that version is never judged clean.
   */
  public static PostureBook load(Repository repo, Collection<AppVersion> wanted) {
    List<AppVersion> list = List.copyOf(new LinkedHashSet<>(wanted));
    List<ReportStore.Listing> listings = new ReportStore(repo).of(list);
    Map<AppVersion, VersionFindings> versions = new LinkedHashMap<>();
    Set<AppVersion> damaged = new LinkedHashSet<>();
    List<CorruptObject> unreadable = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      ReportStore.Listing l = listings.get(i);
      if (!l.unreadable().isEmpty()) {
        damaged.add(list.get(i));
        unreadable.addAll(l.unreadable());
      }
      versions.put(list.get(i), findingsOf(list.get(i), l.reports(), damaged, unreadable));
    }
    return withWaivers(repo, versions, damaged, unreadable);
  }

  /** The book of every reported application version (for browsing every report). */
  public static PostureBook loadAll(Repository repo) {
    ReportStore store = new ReportStore(repo);
    ReportStore.Listing all = store.all();
    Map<AppVersion, List<StoredReport>> byVersion = new LinkedHashMap<>();
    for (StoredReport r : all.reports()) {
      byVersion.computeIfAbsent(r.header().version(), v -> new ArrayList<>()).add(r);
    }
    Set<AppVersion> damaged = new LinkedHashSet<>();
    if (!all.unreadable().isEmpty()) {
      // a report that does not open tells its version only by its name, which a listing by
      // version matches: read again by version (only when something is damaged)
      List<AppVersion> known = List.copyOf(byVersion.keySet());
      List<ReportStore.Listing> listings = store.of(known);
      for (int i = 0; i < known.size(); i++) {
        if (!listings.get(i).unreadable().isEmpty()) {
          damaged.add(known.get(i));
        }
      }
    }
    List<CorruptObject> unreadable = new ArrayList<>(all.unreadable());
    Map<AppVersion, VersionFindings> versions = new LinkedHashMap<>();
    byVersion.forEach((v, reports) -> versions.put(v, findingsOf(v, reports, damaged, unreadable)));
    return withWaivers(repo, versions, damaged, unreadable);
  }

  /**
   * The findings of {@code version} in {@code reports}. A report whose header opened but whose
   * findings do not decode is left out, added to {@code unreadable}, and marks the version damaged,
   * so one bad report neither fails every verdict nor lets its version be judged clean.
   */
  private static VersionFindings findingsOf(
      AppVersion version,
      List<StoredReport> reports,
      Set<AppVersion> damaged,
      List<CorruptObject> unreadable) {
    try {
      return VersionFindings.of(version, reports);
    } catch (CorruptObject e) {
      List<StoredReport> readable = new ArrayList<>();
      for (StoredReport r : reports) {
        try {
          r.forEachFinding(f -> {});
          readable.add(r);
        } catch (CorruptObject bad) {
          unreadable.add(bad);
        }
      }
      damaged.add(version);
      return VersionFindings.of(version, readable);
    }
  }

  private static PostureBook withWaivers(
      Repository repo,
      Map<AppVersion, VersionFindings> versions,
      Set<AppVersion> damaged,
      List<CorruptObject> unreadable) {
    WaiverStore.Listing w = new WaiverStore(repo).list();
    List<CorruptObject> bad = new ArrayList<>(unreadable);
    bad.addAll(w.unreadable());
    return new PostureBook(versions, damaged, w.waivers(), bad);
  }

  /** The findings of {@code version}; without a report, none (and {@code reported()} false). */
  public VersionFindings findings(AppVersion version) {
    VersionFindings f = versions.get(version);
    return f != null ? f : VersionFindings.of(version, List.of());
  }

  /** Every version in the book, in the order loaded. */
  public Collection<VersionFindings> versions() {
    return versions.values();
  }

  /** True when a report of {@code version} could not be read. */
  public boolean damaged(AppVersion version) {
    return damaged.contains(version);
  }

  /** Every waiver, active or not, oldest first. */
  public List<Waiver> waivers() {
    return waivers;
  }

  /** Reports and waivers that failed to open. */
  public List<CorruptObject> unreadable() {
    return unreadable;
  }

  /** A judge of this book under {@code gate} at time {@code now} (waivers expire). */
  public PostureJudge judge(Gate gate, Instant now) {
    return new PostureJudge(this, gate, now);
  }
}
