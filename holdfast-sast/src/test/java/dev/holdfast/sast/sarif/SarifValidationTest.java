package dev.holdfast.sast.sarif;

import static dev.holdfast.sast.sarif.Reports.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.HoldfastException;
import dev.holdfast.sast.finding.Finding;
import dev.holdfast.sast.finding.SeverityPolicy;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SarifValidationTest {
  private static final String GOOD_RUN =
      "{\"tool\": {\"driver\": {\"name\": \"T\"}}, \"results\": [{}, {}]}";

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"", "   \n\t  "})
  void emptyReportIsRefused(String text) {
    assertThatThrownBy(() -> read(text))
        .isInstanceOf(EmptySarif.class)
        .hasMessage("test.sarif: the report is empty, expected a SARIF 2.1.0 JSON object");
  }

  @Test
  void malformedJsonNamesLineAndColumn() {
    String text = "{\"version\": \"2.1.0\",\n  \"runs\": [\n    {\"tool\" {}}]}";

    assertThatThrownBy(() -> read(text))
        .isInstanceOf(MalformedSarif.class)
        .hasMessageStartingWith("test.sarif: malformed JSON at line 3, column 13: ")
        .hasMessageContaining("was expecting a colon");
  }

  @Test
  void truncatedReportIsMalformed() {
    assertThatThrownBy(() -> read("{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driv"))
        .isInstanceOf(MalformedSarif.class)
        .hasMessageContaining("malformed JSON at line 1");
  }

  @ParameterizedTest(name = "version {0}")
  @ValueSource(strings = {"2.0.0", "2.1", "2.1.0-rtm.5", ""})
  void otherVersionsAreRefusedWithTheVersionNamed(String version) {
    String text = "{\"version\": \"" + version + "\", \"runs\": []}";

    assertThatThrownBy(() -> read(text))
        .isInstanceOf(UnsupportedSarifVersion.class)
        .hasMessage(
            "test.sarif: SARIF version \""
                + version
                + "\" at /version is not supported, Holdfast reads version 2.1.0");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"runs\": []}|/version",
        "{\"version\": \"2.1.0\"}|/runs",
        "{\"version\": \"2.1.0\", \"runs\": [{\"results\": []}]}|/runs/0/tool",
        "{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {}}]}|/runs/0/tool/driver",
        "{\"version\": \"2.1.0\", \"runs\": ["
            + GOOD_RUN
            + ", {\"tool\": {\"driver\": {}}}]}"
            + "|/runs/1/tool/driver/name"
      })
  void missingRequiredFieldIsNamedByPointer(String text, String pointer) {
    assertThatThrownBy(() -> read(text))
        .isInstanceOf(MissingSarifField.class)
        .hasMessage("test.sarif: required field " + pointer + " is missing");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "[]|the top level must be a JSON object (the sarifLog) (line 1, column 1)",
        "{\"version\": 2.1, \"runs\": []}|/version must be a string (line 1, column 13)",
        "{\"version\": \"2.1.0\", \"runs\": {}}|/runs must be an array (line 1, column 30)",
        "{\"version\": \"2.1.0\", \"runs\": [7]}|/runs/0 must be an object (line 1, column 31)",
        "{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": {\"name\": 5}}}]}"
            + "|/runs/0/tool/driver/name must be a non-empty string",
        "{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": {\"name\": \"T\"}},"
            + " \"results\": [{}, 1]}]}|/runs/0/results/1 must be an object (line 1, column 83)",
        "{\"version\": \"2.1.0\", \"runs\": []} {}|the top-level object is followed by more content"
      })
  void wrongTypesAreNamedByPointer(String text, String problem) {
    assertThatThrownBy(() -> read(text))
        .isInstanceOf(SarifStructureError.class)
        .hasMessage("test.sarif: " + problem);
  }

  @Test
  void streamOverTheLimitIsRefused() {
    byte[] report = report(GOOD_RUN).getBytes(StandardCharsets.UTF_8);
    SarifReader reader = new SarifReader(SeverityPolicy.github(), report.length - 1);

    assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(report), "ci", f -> {}))
        .isInstanceOf(SarifTooLarge.class)
        .hasMessage("ci: the report is larger than the limit of " + (report.length - 1) + " bytes");
    assertThat(
            new SarifReader(SeverityPolicy.github(), report.length)
                .read(new ByteArrayInputStream(report), "ci", f -> {})
                .results())
        .isEqualTo(2);
  }

  @Test
  void fileOverTheLimitIsRefusedBeforeReading() throws Exception {
    Path file = Files.writeString(dir.resolve("big.sarif"), report(GOOD_RUN));
    SarifReader reader = new SarifReader(SeverityPolicy.github(), Files.size(file) - 1);

    assertThatThrownBy(() -> reader.read(file, f -> {}))
        .isInstanceOf(SarifTooLarge.class)
        .hasMessage(
            file + ": the report is larger than the limit of " + (Files.size(file) - 1) + " bytes");
  }

  @Test
  void invalidFileEmitsNothingEvenWhenTheFaultFollowsValidRuns() throws Exception {
    List<Finding> emitted = new ArrayList<>();
    Path versionLast =
        Files.writeString(
            dir.resolve("v.sarif"), "{\"runs\": [" + GOOD_RUN + "], \"version\": \"2.0.0\"}");
    Path badSecondRun =
        Files.writeString(
            dir.resolve("r.sarif"), "{\"version\": \"2.1.0\", \"runs\": [" + GOOD_RUN + ", {}]}");
    Path truncated =
        Files.writeString(
            dir.resolve("t.sarif"), "{\"version\": \"2.1.0\", \"runs\": [" + GOOD_RUN + ", {");

    assertThatThrownBy(() -> SarifReader.withDefaults().read(versionLast, emitted::add))
        .isInstanceOf(UnsupportedSarifVersion.class);
    assertThatThrownBy(() -> SarifReader.withDefaults().read(badSecondRun, emitted::add))
        .isInstanceOf(MissingSarifField.class)
        .hasMessageContaining("/runs/1/tool");
    assertThatThrownBy(() -> SarifReader.withDefaults().read(truncated, emitted::add))
        .isInstanceOf(MalformedSarif.class);
    assertThat(emitted).isEmpty();
  }

  @Test
  void aRunWithoutToolEmitsNothingFromThatRunOnAStream() {
    List<Finding> emitted = new ArrayList<>();
    byte[] report =
        "{\"version\": \"2.1.0\", \"runs\": [{\"results\": [{}, {}]}]}"
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(
            () ->
                SarifReader.withDefaults()
                    .read(new ByteArrayInputStream(report), "ci", emitted::add))
        .isInstanceOf(MissingSarifField.class);
    assertThat(emitted).isEmpty();
  }

  @Test
  void everyValidationErrorIsAUsageError() {
    assertThatThrownBy(() -> read(""))
        .isInstanceOfSatisfying(
            HoldfastException.class,
            e -> assertThat(e.kind()).isEqualTo(HoldfastException.Kind.USAGE));
  }

  private static String report(String run) {
    return "{\"version\": \"2.1.0\", \"runs\": [" + run + "]}";
  }
}
