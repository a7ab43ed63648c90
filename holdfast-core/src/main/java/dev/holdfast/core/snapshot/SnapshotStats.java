package dev.holdfast.core.snapshot;

/**
 * What a backup did: how many files it saw and read, how many bytes it processed, and how many
 * bytes it added to the repository after deduplication and compression.
 */
public record SnapshotStats(
    long files,
    long directories,
    long filesNew,
    long filesChanged,
    long filesUnchanged,
    long bytesProcessed,
    long bytesAdded,
    long chunksNew,
    long errors,
    long durationMillis) {

  /** All zero: for snapshots written without statistics. */
  public static final SnapshotStats EMPTY = new SnapshotStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
