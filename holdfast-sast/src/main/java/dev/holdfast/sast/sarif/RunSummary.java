package dev.holdfast.sast.sarif;

import dev.holdfast.sast.finding.Tool;
import java.util.List;
import java.util.Objects;

/**
 * What one SARIF run held: its tool, the revisions its {@code versionControlProvenance} names (in
 * report order; the app version a later step ties the findings to) and how many results it had.
 */
public record RunSummary(
    int index, Tool tool, List<String> revisionIds, long results, long suppressed) {
  public RunSummary {
    Objects.requireNonNull(tool, "tool");
    revisionIds = List.copyOf(revisionIds);
  }
}
