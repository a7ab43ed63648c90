package dev.holdfast.sast.posture;

import dev.holdfast.core.snapshot.AppVersion;
import java.util.Objects;

/**
 * What a {@link PostureJudge} needs of one application version: how many reports it has and the
 * merged {@link FindingMarks} of their findings.
 */
record VersionSummary(AppVersion version, int reports, FindingMarks marks) {
  VersionSummary {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(marks, "marks");
  }

  /** A version without a report. */
  static VersionSummary unreported(AppVersion version) {
    return new VersionSummary(version, 0, FindingMarks.none());
  }

  /** The summary of the findings of a version loaded in full. */
  static VersionSummary of(VersionFindings findings) {
    return new VersionSummary(
        findings.version(), findings.reports().size(), FindingMarks.of(findings));
  }

  boolean reported() {
    return reports > 0;
  }
}
