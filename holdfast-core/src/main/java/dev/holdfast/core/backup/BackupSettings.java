package dev.holdfast.core.backup;

/**
 * How much a backup may run at once: threads per stage and the bounds on work in flight between
 * stages (backpressure instead of unbounded memory).
 *
 * @param fileThreads threads that read and chunk files
 * @param chunkThreads threads that hash, compress, encrypt and pack chunks
 * @param uploads packs stored at once
 * @param maxBytesInFlight chunk bytes read but not yet packed
 * @param maxFilesInFlight files queued or being read
 * @param packsPerIndexFile packs named by one index file
 */
public record BackupSettings(
    int fileThreads,
    int chunkThreads,
    int uploads,
    long maxBytesInFlight,
    int maxFilesInFlight,
    int packsPerIndexFile) {

  public BackupSettings {
    if (fileThreads < 1 || chunkThreads < 1 || uploads < 1 || maxFilesInFlight < 1) {
      throw new IllegalArgumentException("backup settings need at least one of each");
    }
    if (maxBytesInFlight < 16L * 1024 * 1024) {
      throw new IllegalArgumentException("at least 16 MiB must be allowed in flight");
    }
  }

  /** Settings sized for this machine's processors. */
  public static BackupSettings forMachine() {
    int cores = Runtime.getRuntime().availableProcessors();
    return new BackupSettings(Math.max(2, cores), Math.max(2, cores), 1, 16L * 1024 * 1024, 64, 16);
  }
}
