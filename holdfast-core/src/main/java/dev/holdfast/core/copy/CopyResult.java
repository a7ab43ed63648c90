package dev.holdfast.core.copy;

import java.util.List;

/**
 * The outcome of a copy run: one {@link CopyOutcome} per chosen snapshot, oldest first, and the
 * repositories' ids.
 */
public record CopyResult(
    String sourceRepository, String destinationRepository, List<CopyOutcome> snapshots) {

  public CopyResult {
    snapshots = List.copyOf(snapshots);
  }

  /** Snapshots with {@code status}. */
  public long count(CopyOutcome.Status status) {
    return snapshots.stream().filter(o -> o.status() == status).count();
  }

  /** Stored bytes read from the source in this run. */
  public long bytesRead() {
    return snapshots.stream().mapToLong(CopyOutcome::bytesRead).sum();
  }

  /** Bytes of new packs written into the destination in this run. */
  public long bytesStored() {
    return snapshots.stream().mapToLong(CopyOutcome::bytesStored).sum();
  }

  /** True when every chosen snapshot is in the destination now. */
  public boolean complete() {
    return count(CopyOutcome.Status.FAILED) == 0;
  }
}
