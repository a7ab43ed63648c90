package dev.holdfast.sast.posture;

import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.sast.store.FindingId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One finding of one application across its reported versions: the versions that have it, the first
 * and last of them in {@link VersionTimeline} order, and how it looks in the last.
 *
 * @param versions the reported versions that have it, oldest first
 * @param latest the finding as the newest of those versions reports it
 */
public record FindingHistory(FindingId id, List<AppVersion> versions, VersionFinding latest) {
  public FindingHistory {
    versions = List.copyOf(versions);
    if (versions.isEmpty()) {
      throw new IllegalArgumentException("a finding history has at least one version");
    }
  }

  /** The first version that has the finding. */
  public AppVersion firstSeen() {
    return versions.get(0);
  }

  /** The last version that has the finding. */
  public AppVersion lastSeen() {
    return versions.get(versions.size() - 1);
  }

  /**
   * The history of every finding of {@code app} in the reported versions of {@code timeline}, in
   * the order first seen.
   */
  public static List<FindingHistory> of(String app, VersionTimeline timeline, PostureBook book) {
    Map<FindingId, List<AppVersion>> versions = new LinkedHashMap<>();
    Map<FindingId, VersionFinding> latest = new LinkedHashMap<>();
    for (AppVersion v : timeline.versionsOf(app)) {
      VersionFindings findings = book.findings(v);
      for (VersionFinding f : findings.findings()) {
        versions.computeIfAbsent(f.id(), id -> new ArrayList<>()).add(v);
        latest.put(f.id(), f);
      }
    }
    List<FindingHistory> out = new ArrayList<>();
    versions.forEach((id, vs) -> out.add(new FindingHistory(id, vs, latest.get(id))));
    return out;
  }
}
