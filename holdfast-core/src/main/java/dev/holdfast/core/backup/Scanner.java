package dev.holdfast.core.backup;

import dev.holdfast.core.concurrent.DaemonThreads;
import dev.holdfast.core.select.PathPatterns;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Counts the files and bytes a backup will see, on a thread of its own beside the backup, so
 * progress can show totals and an ETA. Only a hint: errors are ignored here (the backup reports
 * them).
 */
final class Scanner {
  private final List<Path> paths;
  private final PathPatterns excludes;
  private final BackupProgress progress;
  private volatile boolean stopped;

  Scanner(List<Path> paths, PathPatterns excludes, BackupProgress progress) {
    this.paths = paths;
    this.excludes = excludes;
    this.progress = progress;
  }

  void start() {
    DaemonThreads.start("holdfast-scan", this::scan);
  }

  void stop() {
    stopped = true;
  }

  private void scan() {
    for (Path root : paths) {
      try {
        Files.walkFileTree(
            root,
            new SimpleFileVisitor<>() {
              @Override
              public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (stopped) {
                  return FileVisitResult.TERMINATE;
                }
                return !dir.equals(root) && excludes.matches(dir)
                    ? FileVisitResult.SKIP_SUBTREE
                    : FileVisitResult.CONTINUE;
              }

              @Override
              public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !excludes.matches(file)) {
                  progress.totalFiles.incrementAndGet();
                  progress.totalBytes.addAndGet(attrs.size());
                }
                return stopped ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
              }

              @Override
              public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
              }
            });
      } catch (IOException e) {
        // only a hint; the backup itself reports unreadable entries
      }
    }
    progress.scanComplete = !stopped;
  }
}
