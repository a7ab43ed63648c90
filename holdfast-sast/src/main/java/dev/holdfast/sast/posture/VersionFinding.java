package dev.holdfast.sast.posture;

import dev.holdfast.sast.finding.Finding;
import dev.holdfast.sast.store.FindingId;
import java.util.Objects;

/**
 * One finding of one application version after deduplication over every run and report of the
 * version: the first occurrence as reported, its worst severity, and how its occurrences agree.
 *
 * @param occurrences how many results had this identity
 * @param suppressed true when every occurrence is suppressed
 * @param fixed true when every occurrence has baseline state {@code absent}
 */
public record VersionFinding(
    FindingId id, Finding finding, int occurrences, boolean suppressed, boolean fixed) {
  public VersionFinding {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(finding, "finding");
  }

  /** This finding with one more occurrence, {@code other}. */
  VersionFinding merge(Finding other) {
    Finding worst =
        other.severity().compareTo(finding.severity()) < 0
            ? new Finding(
                finding.runIndex(),
                finding.tool(),
                finding.ruleId(),
                finding.ruleName(),
                other.severity(),
                finding.message(),
                finding.location(),
                finding.fingerprint(),
                finding.cwes(),
                finding.tags(),
                finding.suppressed(),
                finding.baselineState())
            : finding;
    return new VersionFinding(
        id,
        worst,
        occurrences + 1,
        suppressed && other.suppressed(),
        fixed && VersionFindings.isFixed(other));
  }
}
