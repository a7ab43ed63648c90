package dev.holdfast.samples.v3;

import java.io.File;
import java.io.IOException;

/**
 * TEST SAMPLE (fixed class of the deliberately vulnerable version 3), never used at runtime:
 * archives the reports directory with a fixed command line; nothing the user types reaches the
 * command.
 */
public final class ReportArchiver {
  private final File workDirectory;

  /** An archiver working in {@code workDirectory}, which holds {@code reports/}. */
  public ReportArchiver(File workDirectory) {
    this.workDirectory = workDirectory;
  }

  /** Starts archiving every report into {@code reports.tgz}. */
  public Process archiveAll() throws IOException {
    return new ProcessBuilder("tar", "-czf", "reports.tgz", "reports")
        .directory(workDirectory)
        .start();
  }
}
