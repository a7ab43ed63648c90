package dev.holdfast.sast.posture;

import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.sast.finding.BaselineState;
import dev.holdfast.sast.finding.Finding;
import dev.holdfast.sast.store.FindingId;
import dev.holdfast.sast.store.ReportHeader;
import dev.holdfast.sast.store.StoredReport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the reports of one application version say, deduplicated: each finding once, by its
 * {@link FindingId}, in the order first reported.
 */
public final class VersionFindings {
  private final AppVersion version;
  private final List<ReportHeader> reports;
  private final Map<FindingId, VersionFinding> findings;

  private VersionFindings(
      AppVersion version, List<ReportHeader> reports, Map<FindingId, VersionFinding> findings) {
    this.version = version;
    this.reports = List.copyOf(reports);
    this.findings = findings;
  }

  /** The findings of {@code version} from its {@code reports} (all of its reports, or none). */
  public static VersionFindings of(AppVersion version, Collection<StoredReport> reports) {
    Map<FindingId, VersionFinding> findings = new LinkedHashMap<>();
    List<ReportHeader> headers = new ArrayList<>();
    for (StoredReport r : reports) {
      headers.add(r.header());
      r.forEachFinding(f -> add(findings, version.name(), f));
    }
    return new VersionFindings(version, headers, findings);
  }

  private static void add(Map<FindingId, VersionFinding> findings, String app, Finding f) {
    FindingId id = FindingId.of(app, f);
    findings.merge(
        id, new VersionFinding(id, f, 1, f.suppressed(), isFixed(f)), (old, added) -> old.merge(f));
  }

  static boolean isFixed(Finding f) {
    return f.baselineState() == BaselineState.ABSENT;
  }

  public AppVersion version() {
    return version;
  }

  /** The version's reports, oldest ingestion first; empty when it has none. */
  public List<ReportHeader> reports() {
    return reports;
  }

  /** True when at least one report describes this version. */
  public boolean reported() {
    return !reports.isEmpty();
  }

  /** Each finding once, in the order first reported. */
  public Collection<VersionFinding> findings() {
    return findings.values();
  }

  /** True when this version has the finding {@code id}. */
  public boolean has(FindingId id) {
    return findings.containsKey(id);
  }
}
