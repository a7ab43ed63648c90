package dev.holdfast.sast.sarif;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.holdfast.sast.finding.Finding;
import dev.holdfast.sast.finding.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated 100k-result report is read as a stream: findings leave the reader while it is still
 * near the start of the file, and no result is buffered. No timing is asserted.
 */
class LargeReportTest {
  private static final int RESULTS = 100_000;
  private static final long SEED = 20261125L;
  private static final Severity[] BY_RULE = {
    Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW
  };

  @TempDir static Path dir;
  static Path report;
  static Map<Severity, Integer> expected = new EnumMap<>(Severity.class);

  @BeforeAll
  static void writeReport() throws IOException {
    report = dir.resolve("large.sarif");
    Random random = new Random(SEED);
    try (JsonGenerator out =
        new JsonFactory().createGenerator(report.toFile(), JsonEncoding.UTF8)) {
      out.writeStartObject();
      out.writeStringField("version", "2.1.0");
      out.writeArrayFieldStart("runs");
      out.writeStartObject();
      out.writeObjectFieldStart("tool");
      out.writeObjectFieldStart("driver");
      out.writeStringField("name", "Generated");
      out.writeArrayFieldStart("rules");
      String[] scores = {"9.5", "7.5", "5.0", "2.0"};
      for (int rule = 0; rule < scores.length; rule++) {
        out.writeStartObject();
        out.writeStringField("id", "R" + rule);
        out.writeObjectFieldStart("properties");
        out.writeStringField("security-severity", scores[rule]);
        out.writeEndObject();
        out.writeEndObject();
      }
      out.writeEndArray();
      out.writeEndObject();
      out.writeEndObject();
      out.writeArrayFieldStart("results");
      for (int i = 0; i < RESULTS; i++) {
        int rule = random.nextInt(scores.length);
        expected.merge(BY_RULE[rule], 1, Integer::sum);
        out.writeStartObject();
        out.writeNumberField("ruleIndex", rule);
        out.writeObjectFieldStart("message");
        out.writeStringField("text", "finding " + i + " " + Long.toHexString(random.nextLong()));
        out.writeEndObject();
        out.writeArrayFieldStart("locations");
        out.writeStartObject();
        out.writeObjectFieldStart("physicalLocation");
        out.writeObjectFieldStart("artifactLocation");
        out.writeStringField("uri", "src/module" + (i % 97) + "/File" + i + ".java");
        out.writeEndObject();
        out.writeObjectFieldStart("region");
        out.writeNumberField("startLine", 1 + random.nextInt(5000));
        out.writeEndObject();
        out.writeEndObject();
        out.writeEndObject();
        out.writeEndArray();
        out.writeEndObject();
      }
      out.writeEndArray();
      out.writeEndObject();
      out.writeEndArray();
      out.writeEndObject();
    }
  }

  @Test
  void everyResultIsEmittedWithoutBufferingAndWhileTheStreamIsStillBeingRead() throws IOException {
    long size = Files.size(report);
    Map<Severity, Integer> counted = new EnumMap<>(Severity.class);
    Set<String> fingerprints = new HashSet<>();
    long[] bytesReadAtFirstFinding = {-1};
    SarifSummary summary;
    try (LimitedInputStream in =
        new LimitedInputStream(Files.newInputStream(report), Long.MAX_VALUE, "large.sarif")) {
      summary =
          SarifReader.withDefaults()
              .read(
                  in,
                  "large.sarif",
                  (Finding finding) -> {
                    if (bytesReadAtFirstFinding[0] < 0) {
                      bytesReadAtFirstFinding[0] = in.bytesRead();
                    }
                    counted.merge(finding.severity(), 1, Integer::sum);
                    fingerprints.add(finding.fingerprint().value());
                  });
    }

    assertThat(summary.results()).as("seed %d", SEED).isEqualTo(RESULTS);
    assertThat(counted).as("seed %d", SEED).isEqualTo(expected);
    assertThat(fingerprints).as("computed fingerprints are distinct").hasSize(RESULTS);
    assertThat(summary.peakBufferedResults()).isZero();
    // the first finding leaves the reader after it read at most 64 KiB of a report of megabytes
    assertThat(size).isGreaterThan(10L << 20);
    assertThat(bytesReadAtFirstFinding[0]).isBetween(1L, 64L << 10);
  }
}
