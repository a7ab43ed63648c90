package dev.holdfast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.sast.finding.Finding;
import dev.holdfast.sast.finding.Fingerprint;
import dev.holdfast.sast.finding.Severity;
import dev.holdfast.sast.sarif.SarifReader;
import dev.holdfast.sast.sarif.SarifSummary;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SarifGeneratorTest {
  private static final int RESULTS = 2_000;

  @ParameterizedTest
  @ValueSource(longs = {1, 7, 20261125})
  void sameSeedWritesSameBytesAndAnotherSeedOthers(long seed) throws IOException {
    byte[] a = write(new SarifGenerator(RESULTS, seed, false, null));
    byte[] b = write(new SarifGenerator(RESULTS, seed, false, null));
    byte[] c = write(new SarifGenerator(RESULTS, seed + 1, false, null));

    assertThat(a).as("seed %d", seed).isEqualTo(b).isNotEqualTo(c);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 7, 20261125})
  void reportReadsAsSarifWithEveryKindOfResultTheGeneratorPromises(long seed) throws IOException {
    List<Finding> findings = new ArrayList<>();
    SarifSummary summary = read(new SarifGenerator(RESULTS, seed, false, "abc123"), findings);

    assertThat(summary.results()).as("seed %d", seed).isEqualTo(RESULTS);
    assertThat(summary.runs().get(0).revisionIds()).containsExactly("abc123");
    assertThat(findings).as("seed %d", seed).hasSize(RESULTS);
    assertThat(findings)
        .as("seed %d: every severity occurs", seed)
        .extracting(Finding::severity)
        .contains(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW);
    assertThat(findings)
        .as("seed %d: partial fingerprints on most, computed on some", seed)
        .extracting(f -> f.fingerprint().source())
        .contains(Fingerprint.Source.PARTIAL_FINGERPRINTS, Fingerprint.Source.COMPUTED);
    long computed =
        findings.stream()
            .filter(f -> f.fingerprint().source() == Fingerprint.Source.COMPUTED)
            .count();
    assertThat(computed).as("seed %d", seed).isBetween(RESULTS / 20L, RESULTS / 5L);
    assertThat(findings.stream().filter(Finding::suppressed).count())
        .as("seed %d: a few suppressions", seed)
        .isBetween(1L, RESULTS / 20L);
    assertThat(findings)
        .as("seed %d: message arguments are filled in", seed)
        .allSatisfy(f -> assertThat(f.message()).doesNotContain("{0}").doesNotContain("{1}"));
    assertThat(findings)
        .as("seed %d", seed)
        .allSatisfy(
            f -> {
              assertThat(f.location().file()).startsWith("src/main/java/");
              assertThat(f.location().line()).isPositive();
            });
    assertThat(findings).extracting(Finding::cwes).contains(List.of("CWE-89"));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 7, 20261125})
  void cleanReportHasNoUnsuppressedCriticalOrHighResult(long seed) throws IOException {
    List<Finding> findings = new ArrayList<>();
    read(new SarifGenerator(RESULTS, seed, true, null), findings);

    assertThat(findings).as("seed %d", seed).hasSize(RESULTS);
    assertThat(findings)
        .as("seed %d", seed)
        .filteredOn(f -> !f.suppressed())
        .allSatisfy(f -> assertThat(f.severity()).isIn(Severity.MEDIUM, Severity.LOW));
  }

  private static SarifSummary read(SarifGenerator generator, List<Finding> into)
      throws IOException {
    return SarifReader.withDefaults()
        .read(new ByteArrayInputStream(write(generator)), "generated.sarif", into::add);
  }

  private static byte[] write(SarifGenerator generator) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    generator.write(out);
    return out.toByteArray();
  }
}
