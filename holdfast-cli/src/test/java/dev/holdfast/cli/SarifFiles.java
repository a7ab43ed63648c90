package dev.holdfast.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small SARIF reports written by tests: one finding of a chosen rule and score, or none. */
final class SarifFiles {
  private SarifFiles() {}

  /** A report with no result: the tool ran and found nothing. */
  static Path clean(Path dir, String name) throws IOException {
    return write(dir, name, "");
  }

  /**
   * A report with one result of rule {@code rule}, scored {@code securitySeverity} (GitHub's
   * security-severity), at {@code file}:{@code line}, with a stable fingerprint per rule and file.
   */
  static Path oneFinding(
      Path dir, String name, String rule, double securitySeverity, String file, int line)
      throws IOException {
    String result =
        """
        {"ruleId": "%s", "ruleIndex": 0, "message": {"text": "%s found"},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": "%s"},
           "region": {"startLine": %d}}}],
         "partialFingerprints": {"primaryLocationLineHash": "%s"}}
        """
            .formatted(rule, rule, file, line, Integer.toHexString((rule + file).hashCode()));
    return write(
        dir,
        name,
        result,
        """
        {"id": "%s", "name": "%s", "properties": {"security-severity": "%s"}}
        """
            .formatted(rule, rule, securitySeverity));
  }

  private static Path write(Path dir, String name, String results, String... rules)
      throws IOException {
    String json =
        """
        {"version": "2.1.0",
         "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
         "runs": [{"tool": {"driver": {"name": "TestScanner", "version": "1.0",
           "rules": [%s]}}, "results": [%s]}]}
        """
            .formatted(String.join(",", rules), results);
    Path file = dir.resolve(name);
    Files.writeString(file, json, StandardCharsets.UTF_8);
    return file;
  }
}
