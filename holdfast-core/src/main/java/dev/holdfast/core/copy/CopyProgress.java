package dev.holdfast.core.copy;

import dev.holdfast.core.snapshot.Snapshot;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counters of a running copy, written by its workers and read by whoever shows progress. The
 * totals are the files and bytes the chosen snapshots' manifests record, so they are known from the
 * start; a folder whose translation is already known counts once its snapshot is done.
 */
public final class CopyProgress {
  private final AtomicLong snapshotsDone = new AtomicLong();
  private final AtomicLong filesDone = new AtomicLong();
  private final AtomicLong bytesDone = new AtomicLong();
  private volatile long totalSnapshots;
  private volatile long totalFiles;
  private volatile long totalBytes;
  private long filesBefore;
  private long bytesBefore;

  public long snapshotsDone() {
    return snapshotsDone.get();
  }

  public long totalSnapshots() {
    return totalSnapshots;
  }

  public long filesDone() {
    return filesDone.get();
  }

  public long totalFiles() {
    return totalFiles;
  }

  public long bytesDone() {
    return bytesDone.get();
  }

  public long totalBytes() {
    return totalBytes;
  }

  void start(List<Snapshot> chosen) {
    totalSnapshots = chosen.size();
    totalFiles = chosen.stream().mapToLong(s -> s.stats().files()).sum();
    totalBytes = chosen.stream().mapToLong(s -> s.stats().bytesProcessed()).sum();
  }

  void fileDone(long size) {
    filesDone.incrementAndGet();
    bytesDone.addAndGet(size);
  }

  /** Called on the job's thread once a snapshot is copied, skipped or failed. */
  void snapshotDone(Snapshot s) {
    filesBefore += s.stats().files();
    bytesBefore += s.stats().bytesProcessed();
    filesDone.set(filesBefore);
    bytesDone.set(bytesBefore);
    snapshotsDone.incrementAndGet();
  }
}
