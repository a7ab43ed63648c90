package dev.holdfast.samples.v2;

import java.io.IOException;

/**
 * DELIBERATELY VULNERABLE TEST SAMPLE, never used at runtime: archives a report by building a shell
 * command line from the report's name (command injection).
 */
public final class ReportArchiver {

  /** Starts archiving the named report. */
  public Process archive(String reportName) throws IOException {
    return Runtime.getRuntime().exec("tar -czf /tmp/" + reportName + ".tgz reports/" + reportName);
  }
}
