package dev.holdfast.core.backup;

import dev.holdfast.core.snapshot.Snapshot;
import java.util.List;

/** The snapshot a backup wrote and the entries it had to leave out. */
public record BackupResult(Snapshot snapshot, List<BackupProblem> problems) {
  public BackupResult {
    problems = List.copyOf(problems);
  }

  /** True when every entry was backed up. */
  public boolean complete() {
    return problems.isEmpty();
  }
}
