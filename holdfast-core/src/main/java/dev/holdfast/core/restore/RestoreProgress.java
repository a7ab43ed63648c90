package dev.holdfast.core.restore;

import java.util.concurrent.atomic.AtomicLong;

/** Live counters of a running restore, for whoever shows progress. */
public final class RestoreProgress {
  final AtomicLong bytesDone = new AtomicLong();
  final AtomicLong totalBytes = new AtomicLong();
  final AtomicLong filesDone = new AtomicLong();
  final AtomicLong totalFiles = new AtomicLong();

  public long bytesDone() {
    return bytesDone.get();
  }

  public long totalBytes() {
    return totalBytes.get();
  }

  public long filesDone() {
    return filesDone.get();
  }

  public long totalFiles() {
    return totalFiles.get();
  }
}
