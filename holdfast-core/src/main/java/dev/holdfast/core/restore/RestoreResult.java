package dev.holdfast.core.restore;

import java.util.List;

/**
 * What a restore wrote.
 *
 * @param verifiedFiles files read back and found equal to the snapshot (0 without verify)
 * @param skipped entries left as they were (overwrite policy) or not restorable here
 */
public record RestoreResult(
    long files,
    long directories,
    long symlinks,
    long bytes,
    long verifiedFiles,
    List<String> skipped,
    List<RestoreProblem> problems) {

  public RestoreResult {
    skipped = List.copyOf(skipped);
    problems = List.copyOf(problems);
  }

  /** True when everything was restored (and verified, if asked). */
  public boolean complete() {
    return problems.isEmpty();
  }
}
