package dev.holdfast.sast.posture;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NotFound;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.sast.store.ReportStore;
import dev.holdfast.sast.store.StoredReport;
import dev.holdfast.sast.store.Waiver;
import dev.holdfast.sast.store.WaiverStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the repository knows about the security of some application versions, read once: their
 * deduplicated findings (or only what the gate needs of them) and every waiver. A {@link
 * PostureJudge} turns it into verdicts for a gate and a time, so one book serves many questions.
 */
public final class PostureBook {
  /** The full findings by version; null in a book loaded for judging only. */
  private final Map<AppVersion, VersionFindings> versions;

  private final Map<AppVersion, VersionSummary> summaries;
  private final Set<AppVersion> damaged;
  private final List<Waiver> waivers;
  private final List<CorruptObject> unreadable;

  private PostureBook(
      Map<AppVersion, VersionFindings> versions,
      Map<AppVersion, VersionSummary> summaries,
      Set<AppVersion> damaged,
      List<Waiver> waivers,
      List<CorruptObject> unreadable) {
    this.versions = versions;
    this.summaries = summaries;
    this.damaged = Set.copyOf(damaged);
    this.waivers = List.copyOf(waivers);
    this.unreadable = List.copyOf(unreadable);
  }

  /** The book of every application version the snapshots recorded, with their findings. */
  public static PostureBook forSnapshots(Repository repo, Collection<Snapshot> snapshots) {
    Set<AppVersion> wanted = new LinkedHashSet<>();
    snapshots.forEach(s -> wanted.addAll(s.appVersions()));
    return load(repo, wanted);
  }

  /**
   * A book for judging the snapshots: of every application version they recorded, what the gate
   * needs of its findings (their {@link FindingMarks}), not the findings themselves, so {@link
   * #findings} and {@link #versions} refuse; its verdicts are those of {@link #forSnapshots}. When
   * the repository has a local cache ({@link Repository#cacheSnapshotsIn}), each report's marks
   * come from it ({@link ReportMarksCache}) and only reports it lacks are opened; which reports
   * exist, and every waiver, is read from the repository now.
   */
  public static PostureBook forVerdicts(Repository repo, Collection<Snapshot> snapshots) {
    Set<AppVersion> wanted = new LinkedHashSet<>();
    snapshots.forEach(s -> wanted.addAll(s.appVersions()));
    List<AppVersion> list = List.copyOf(wanted);
    ReportStore store = new ReportStore(repo);
    List<BlobInfo> blobs = store.blobs();
    Optional<ReportMarksCache> cache = ReportMarksCache.of(repo);
    Map<String, ReportMarksCache.Entry> cached = cache.map(ReportMarksCache::read).orElse(Map.of());
    Map<String, ReportMarksCache.Entry> fresh = new HashMap<>();
    Map<AppVersion, VersionSummary> summaries = new LinkedHashMap<>();
    Set<AppVersion> damaged = new LinkedHashSet<>();
    List<CorruptObject> unreadable = new ArrayList<>();
    for (AppVersion v : list) {
      List<FindingMarks> reports = new ArrayList<>();
      for (BlobInfo b : store.blobsOf(v, blobs)) {
        ReportMarksCache.Entry entry = cached.get(b.name().name());
        if (entry == null || entry.sealedSize() != b.size()) {
          try {
            entry = new ReportMarksCache.Entry(b.size(), FindingMarks.of(v, store.open(b.name())));
          } catch (CorruptObject e) {
            damaged.add(v);
            unreadable.add(e);
            continue;
          } catch (NotFound e) {
            continue; // removed while we listed: it no longer counts
          }
          fresh.put(b.name().name(), entry);
        }
        reports.add(entry.marks());
      }
      summaries.put(v, new VersionSummary(v, reports.size(), FindingMarks.merged(reports)));
    }
    if (cache.isPresent()) {
      updateCache(cache.get(), cached, fresh, blobs);
    }
    return withWaivers(repo, null, summaries, damaged, unreadable);
  }

  /**
   * Writes {@code cached} with the {@code fresh} entries added and those of reports that storage no
   * longer lists removed, when either changes anything.
   */
  private static void updateCache(
      ReportMarksCache cache,
      Map<String, ReportMarksCache.Entry> cached,
      Map<String, ReportMarksCache.Entry> fresh,
      List<BlobInfo> blobs) {
    Set<String> stored = new HashSet<>();
    blobs.forEach(b -> stored.add(b.name().name()));
    Map<String, ReportMarksCache.Entry> next = new HashMap<>(cached);
    boolean dropped = next.keySet().retainAll(stored);
    next.putAll(fresh);
    if (dropped || !fresh.isEmpty()) {
      cache.write(next);
    }
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
    return withWaivers(repo, versions, summariesOf(versions), damaged, unreadable);
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
    return withWaivers(repo, versions, summariesOf(versions), damaged, unreadable);
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

  private static Map<AppVersion, VersionSummary> summariesOf(
      Map<AppVersion, VersionFindings> versions) {
    Map<AppVersion, VersionSummary> summaries = new LinkedHashMap<>();
    versions.forEach((v, f) -> summaries.put(v, VersionSummary.of(f)));
    return summaries;
  }

  private static PostureBook withWaivers(
      Repository repo,
      Map<AppVersion, VersionFindings> versions,
      Map<AppVersion, VersionSummary> summaries,
      Set<AppVersion> damaged,
      List<CorruptObject> unreadable) {
    WaiverStore.Listing w = new WaiverStore(repo).list();
    List<CorruptObject> bad = new ArrayList<>(unreadable);
    bad.addAll(w.unreadable());
    return new PostureBook(versions, summaries, damaged, w.waivers(), bad);
  }

  /**
   * The findings of {@code version}; without a report, none (and {@code reported()} false).
   *
   * @throws IllegalStateException in a book loaded for judging only ({@link #forSnapshots})
   */
  public VersionFindings findings(AppVersion version) {
    VersionFindings f = full().get(version);
    return f != null ? f : VersionFindings.of(version, List.of());
  }

  /**
   * Every version in the book, in the order loaded.
   *
   * @throws IllegalStateException in a book loaded for judging only ({@link #forSnapshots})
   */
  public Collection<VersionFindings> versions() {
    return full().values();
  }

  private Map<AppVersion, VersionFindings> full() {
    if (versions == null) {
      throw new IllegalStateException(
          "this posture book holds what verdicts need, not findings: load it with load or loadAll");
    }
    return versions;
  }

  /** What the gate needs of {@code version}'s findings. */
  VersionSummary summary(AppVersion version) {
    VersionSummary s = summaries.get(version);
    return s != null ? s : VersionSummary.unreported(version);
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
