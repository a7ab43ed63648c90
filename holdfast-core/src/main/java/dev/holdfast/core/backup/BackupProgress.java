package dev.holdfast.core.backup;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counters of a running backup, written by its workers and read by whoever shows progress. The
 * totals come from a scan that runs beside the backup and may lag behind at first.
 */
public final class BackupProgress {
  final AtomicLong filesDone = new AtomicLong();
  final AtomicLong bytesDone = new AtomicLong();
  final AtomicLong totalFiles = new AtomicLong();
  final AtomicLong totalBytes = new AtomicLong();
  final AtomicLong errors = new AtomicLong();
  volatile boolean scanComplete;
  private final boolean totalsWanted;

  /** Progress without totals: nothing scans the source ahead of the backup. */
  public BackupProgress() {
    this(false);
  }

  /**
   * @param totalsWanted scan the source beside the backup for total files and bytes (for an ETA);
   *     this costs a second walk, so only a progress display should ask for it
   */
  public BackupProgress(boolean totalsWanted) {
    this.totalsWanted = totalsWanted;
  }

  /** True when totals were asked for. */
  public boolean totalsWanted() {
    return totalsWanted;
  }

  public long filesDone() {
    return filesDone.get();
  }

  public long bytesDone() {
    return bytesDone.get();
  }

  public long totalFiles() {
    return totalFiles.get();
  }

  public long totalBytes() {
    return totalBytes.get();
  }

  public long errors() {
    return errors.get();
  }

  /** True once the totals are final. */
  public boolean scanComplete() {
    return scanComplete;
  }
}
