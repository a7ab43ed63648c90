package dev.holdfast.sast.sarif;

import java.util.List;

/**
 * What a read of one report found, returned once the whole report validated.
 *
 * @param runs one entry per SARIF run, in file order
 * @param peakBufferedResults the most results held in memory at once: 0 when every run put {@code
 *     tool} before {@code results} (the common order), else the largest such run's result count
 */
public record SarifSummary(List<RunSummary> runs, int peakBufferedResults) {
  public SarifSummary {
    runs = List.copyOf(runs);
  }

  /** The number of results (findings emitted) over all runs. */
  public long results() {
    return runs.stream().mapToLong(RunSummary::results).sum();
  }
}
