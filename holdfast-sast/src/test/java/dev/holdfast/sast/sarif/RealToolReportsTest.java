package dev.holdfast.sast.sarif;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.sast.finding.Finding;
import dev.holdfast.sast.finding.Fingerprint;
import dev.holdfast.sast.finding.Severity;
import dev.holdfast.sast.finding.SeverityPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Reports that SpotBugs with FindSecBugs and PMD wrote in this build about the three versions of
 * the sample app in holdfast-sast-samples: v1 clean, v2 with injections and weak crypto, v3 with
 * the injections fixed and MD5 kept (docs/SAST.md, "Reports from real tools in our build"). Lines
 * are looked up in the sample sources the jar carries, so the tests follow the samples if they
 * change.
 */
class RealToolReportsTest {
  private static final String SAMPLES = "dev/holdfast/samples/";

  /** What v2 has and v3 fixed: the injections, the path traversal and the predictable tokens. */
  private static final Set<String> FIXED_IN_V3 =
      Set.of(
          "SQL_INJECTION_JDBC",
          "SQL_NONCONSTANT_STRING_PASSED_TO_EXECUTE",
          "COMMAND_INJECTION",
          "PATH_TRAVERSAL_IN",
          "PREDICTABLE_RANDOM");

  @Test
  void v2ReportsEachVulnerabilityOnTheLineOfTheSampleThatHasIt() {
    Report v2 = Report.of("spotbugs-v2.sarif");

    assertThat(v2.summary().runs())
        .singleElement()
        .extracting(r -> r.tool().name())
        .isEqualTo("SpotBugs");
    assertFoundAt(v2, "SQL_INJECTION_JDBC", "v2/UserDirectory.java", "statement.executeQuery(");
    assertFoundAt(v2, "COMMAND_INJECTION", "v2/ReportArchiver.java", "Runtime.getRuntime().exec(");
    assertFoundAt(v2, "PATH_TRAVERSAL_IN", "v2/DocumentReader.java", "new File(root, name)");
    assertFoundAt(v2, "PREDICTABLE_RANDOM", "v2/SessionTokens.java", "new Random()");
    assertFoundAt(v2, "WEAK_MESSAGE_DIGEST_MD5", "v2/Checksums.java", "getInstance(\"MD5\")");
    assertThat(v2.first("SQL_INJECTION_JDBC").tags()).contains("SECURITY");
    assertThat(v2.first("COMMAND_INJECTION").message()).containsIgnoringCase("command injection");
  }

  @Test
  void spotBugsRulesNameTheirCweThroughRelationships() {
    Report v2 = Report.of("spotbugs-v2.sarif");

    assertThat(v2.first("SQL_INJECTION_JDBC").cwes()).containsExactly("CWE-89");
    assertThat(v2.first("COMMAND_INJECTION").cwes()).containsExactly("CWE-78");
    assertThat(v2.first("PATH_TRAVERSAL_IN").cwes()).containsExactly("CWE-22");
    assertThat(v2.first("WEAK_MESSAGE_DIGEST_MD5").cwes()).containsExactly("CWE-328");
  }

  @Test
  void spotBugsSaysWarningButTopCweInjectionsAreHighAndTheWeakHashStaysMedium() {
    Report v2 = Report.of("spotbugs-v2.sarif");

    assertThat(v2.findings())
        .as("every FindSecBugs finding names its CWE")
        .filteredOn(f -> f.tags().contains("SECURITY"))
        .isNotEmpty()
        .allMatch(f -> !f.cwes().isEmpty());
    assertThat(v2.first("SQL_INJECTION_JDBC").severity()).isEqualTo(Severity.HIGH);
    assertThat(v2.first("COMMAND_INJECTION").severity()).isEqualTo(Severity.HIGH);
    assertThat(v2.first("PATH_TRAVERSAL_IN").severity()).isEqualTo(Severity.HIGH);
    assertThat(v2.first("WEAK_MESSAGE_DIGEST_MD5").severity()).isEqualTo(Severity.MEDIUM);
    assertThat(v2.first("PREDICTABLE_RANDOM").severity()).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void aGateAtHighPassesV1AndV3AndStopsV2() {
    assertThat(Report.of("spotbugs-v1.sarif").findings())
        .noneMatch(f -> f.severity().atLeast(Severity.HIGH));
    assertThat(Report.of("spotbugs-v2.sarif").findings())
        .anyMatch(f -> f.severity().atLeast(Severity.HIGH));
    assertThat(Report.of("spotbugs-v3.sarif").findings())
        .noneMatch(f -> f.severity().atLeast(Severity.HIGH));
  }

  @Test
  void aGateAtMediumPassesV1AndStopsV2AndV3() {
    Report v1 = Report.of("spotbugs-v1.sarif");

    assertThat(v1.findings()).noneMatch(f -> f.severity().atLeast(Severity.MEDIUM));
    assertThat(v1.findings()).noneMatch(f -> f.tags().contains("SECURITY"));
    assertThat(Report.of("spotbugs-v2.sarif").findings())
        .anyMatch(f -> f.severity().atLeast(Severity.MEDIUM));
    assertThat(Report.of("spotbugs-v3.sarif").findings())
        .anyMatch(f -> f.severity().atLeast(Severity.MEDIUM));
  }

  @Test
  void v3LosesTheFixedFindingsAndKeepsMd5BelowHigh() {
    Report v2 = Report.of("spotbugs-v2.sarif");
    Report v3 = Report.of("spotbugs-v3.sarif");

    assertThat(v2.ruleIds()).containsAll(FIXED_IN_V3);
    assertThat(v3.ruleIds()).doesNotContainAnyElementsOf(FIXED_IN_V3);
    assertFoundAt(v3, "WEAK_MESSAGE_DIGEST_MD5", "v3/Checksums.java", "getInstance(\"MD5\")");
    assertThat(v3.findings()).noneMatch(f -> f.severity().atLeast(Severity.HIGH));
  }

  @Test
  void aLevelTableAloneCannotTellAWeakHashFromAnInjection() {
    // the strictest table a user could give SpotBugs: its level warning counts as high
    SeverityPolicy warningIsHigh =
        new SeverityPolicy(Severity.CRITICAL, Severity.HIGH, Severity.LOW, Severity.NONE);

    Report v2 = Report.of("spotbugs-v2.sarif", warningIsHigh);
    Report v3 = Report.of("spotbugs-v3.sarif", warningIsHigh);

    assertThat(v2.first("SQL_INJECTION_JDBC").severity()).isEqualTo(Severity.HIGH);
    assertThat(v2.first("COMMAND_INJECTION").severity()).isEqualTo(Severity.HIGH);
    assertThat(v3.first("WEAK_MESSAGE_DIGEST_MD5").severity()).isEqualTo(Severity.HIGH);
    assertThat(Report.of("spotbugs-v1.sarif", warningIsHigh).findings())
        .noneMatch(f -> f.severity().atLeast(Severity.HIGH));
  }

  @Test
  void spotBugsGivesNoFingerprintsSoHoldfastComputesThem() {
    for (String name : List.of("spotbugs-v1.sarif", "spotbugs-v2.sarif", "spotbugs-v3.sarif")) {
      assertThat(Report.of(name).findings())
          .as(name)
          .isNotEmpty()
          .allSatisfy(
              f -> assertThat(f.fingerprint().source()).isEqualTo(Fingerprint.Source.COMPUTED));
    }
  }

  @Test
  void findingsThatDidNotMoveKeepTheirFingerprintFromV2ToV3() {
    // The versions sit in different packages, so every path differs, and the path is part of a
    // computed fingerprint. Two commits of one app share their paths: v2's report moved onto
    // v3's paths is what SpotBugs would have written for v2 at v3's place.
    Report v2 = Report.of("spotbugs-v2.sarif");
    Report v2AtV3Paths = Report.movedTo("spotbugs-v2.sarif", "v2", "v3");
    Report v3 = Report.of("spotbugs-v3.sarif");

    Set<Fingerprint> v2Fingerprints = fingerprints(v2AtV3Paths.findings());
    assertThat(v3.findings())
        .allSatisfy(f -> assertThat(v2Fingerprints).as(f.ruleId()).contains(f.fingerprint()));
    assertThat(fingerprints(v3.findings()))
        .doesNotContainAnyElementsOf(
            fingerprints(
                v2AtV3Paths.findings().stream()
                    .filter(f -> FIXED_IN_V3.contains(f.ruleId()))
                    .toList()));
    assertThat(v2.first("WEAK_MESSAGE_DIGEST_MD5").fingerprint())
        .isNotEqualTo(v3.first("WEAK_MESSAGE_DIGEST_MD5").fingerprint());
  }

  @Test
  void pmdReportNamesPmdAndFindsTheHardCodedKey() {
    Report pmd = Report.of("pmd-v2.sarif");

    assertThat(pmd.summary().runs())
        .singleElement()
        .extracting(r -> r.tool().name())
        .isEqualTo("PMD");
    assertThat(pmd.summary().runs().get(0).tool().version()).isNotEmpty();
    assertFoundAt(pmd, "HardCodedCryptoKey", "v2/SessionTokens.java", "new SecretKeySpec(");
    Finding key = pmd.first("HardCodedCryptoKey");
    assertThat(key.tags()).contains("Security");
    assertThat(key.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(pmd.findings()).allSatisfy(f -> assertThat(f.location().file()).contains("/v2/"));
    assertThat(key.location().file())
        .as("PMD writes absolute file URIs, ignoring relativizeRoots (pmd/pmd#5760)")
        .startsWith("file:///");
  }

  /**
   * Asserts that {@code report} has a finding of {@code ruleId} in the sample file ending in {@code
   * fileSuffix}, on the one line of that sample that contains {@code marker}.
   */
  private static void assertFoundAt(
      Report report, String ruleId, String fileSuffix, String marker) {
    Finding finding = report.first(ruleId);
    String file = finding.location().file();
    assertThat(file).as(ruleId).endsWith(SAMPLES + fileSuffix);
    assertThat(finding.location().line())
        .as("line of %s in %s", ruleId, file)
        .isEqualTo(lineOf(SAMPLES + fileSuffix, marker));
  }

  /** The 1-based line of the sample source that contains {@code marker}; it must be unique. */
  private static int lineOf(String sample, String marker) {
    List<String> lines = resource("/sample-sources/" + sample).lines().toList();
    List<Integer> matches =
        IntStream.range(0, lines.size())
            .filter(i -> lines.get(i).contains(marker))
            .mapToObj(i -> i + 1)
            .toList();
    assertThat(matches).as("lines of %s containing %s", sample, marker).hasSize(1);
    return matches.get(0);
  }

  private static Set<Fingerprint> fingerprints(List<Finding> findings) {
    return findings.stream().map(Finding::fingerprint).collect(Collectors.toSet());
  }

  private static String resource(String name) {
    try (InputStream in = RealToolReportsTest.class.getResourceAsStream(name)) {
      assertThat(in).as("classpath resource %s (from holdfast-sast-samples)", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The findings and summary of one report from the samples' {@code sarif/} resources. */
  private record Report(List<Finding> findings, SarifSummary summary) {

    static Report of(String name) {
      return of(name, SeverityPolicy.github());
    }

    static Report of(String name, SeverityPolicy policy) {
      return parse(name, resource("/sarif/" + name), policy);
    }

    /** The report with every path and class name of version {@code from} moved to {@code to}. */
    static Report movedTo(String name, String from, String to) {
      String text =
          resource("/sarif/" + name)
              .replace("samples/" + from + "/", "samples/" + to + "/")
              .replace("samples." + from + ".", "samples." + to + ".");
      return parse(name, text, SeverityPolicy.github());
    }

    private static Report parse(String name, String text, SeverityPolicy policy) {
      List<Finding> findings = new ArrayList<>();
      SarifSummary summary =
          new SarifReader(policy, SarifReader.DEFAULT_MAX_BYTES)
              .read(
                  new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                  name,
                  findings::add);
      return new Report(findings, summary);
    }

    Set<String> ruleIds() {
      return findings.stream().map(Finding::ruleId).collect(Collectors.toSet());
    }

    /** The first finding of {@code ruleId}; fails when there is none. */
    Finding first(String ruleId) {
      return findings.stream()
          .filter(f -> f.ruleId().equals(ruleId))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no " + ruleId + " finding in " + ruleIds()));
    }
  }
}
