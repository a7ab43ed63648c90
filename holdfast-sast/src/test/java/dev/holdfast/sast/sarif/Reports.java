package dev.holdfast.sast.sarif;

import dev.holdfast.sast.finding.Finding;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads SARIF text given inline by a test, with the default reader. */
final class Reports {
  private Reports() {}

  /** A findings list and the summary of reading {@code json}. */
  record Read(List<Finding> findings, SarifSummary summary) {
    Finding only() {
      if (findings.size() != 1) {
        throw new AssertionError("expected one finding, got " + findings);
      }
      return findings.get(0);
    }
  }

  static Read read(String json) {
    List<Finding> findings = new ArrayList<>();
    SarifSummary summary =
        SarifReader.withDefaults()
            .read(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                "test.sarif",
                findings::add);
    return new Read(findings, summary);
  }

  /** A one-run report whose tool is {@code tool} and whose results are {@code results}. */
  static String oneRun(String tool, String results) {
    return """
        {"version": "2.1.0", "runs": [{"tool": %s, "results": [%s]}]}
        """
        .formatted(tool, results);
  }
}
