package dev.holdfast.sast.sarif;

import static dev.holdfast.sast.sarif.Reports.oneRun;
import static dev.holdfast.sast.sarif.Reports.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.holdfast.sast.finding.BaselineState;
import dev.holdfast.sast.finding.Finding;
import dev.holdfast.sast.finding.Fingerprint;
import dev.holdfast.sast.finding.Location;
import dev.holdfast.sast.finding.Severity;
import dev.holdfast.sast.finding.Tool;
import java.util.List;
import org.junit.jupiter.api.Test;

class SarifReaderTest {
  private static final String TOOL =
      """
      {"driver": {"name": "Scanner", "version": "1.2", "rules": [
        {"id": "SQLI", "name": "SqlInjection",
         "properties": {"security-severity": "9.1", "tags": ["security", "external/cwe/cwe-089"]},
         "messageStrings": {"default": {"text": "query built from {0} reaches {1}"}}},
        {"id": "STYLE", "name": "Style", "defaultConfiguration": {"level": "note"}}
      ]},
       "extensions": [{"name": "Pack", "rules": [
        {"id": "XSS", "name": "CrossSiteScripting", "properties": {"security-severity": 6.1}}
       ]}]}
      """;

  @Test
  void normalisesEveryFieldOfAFullResult() {
    Finding finding =
        read(oneRun(
                TOOL,
                """
                {"ruleId": "SQLI", "ruleIndex": 0, "level": "warning",
                 "message": {"text": "tainted query"},
                 "locations": [{"physicalLocation": {
                   "artifactLocation": {"uri": "src/Db.java"},
                   "region": {"startLine": 42, "snippet": {"text": "q = a + b;"}}}}],
                 "fingerprints": {"b/v1": "bbb", "a/v1": "aaa"},
                 "baselineState": "new"}
                """))
            .only();

    assertThat(finding)
        .isEqualTo(
            new Finding(
                0,
                new Tool("Scanner", "1.2"),
                "SQLI",
                "SqlInjection",
                Severity.CRITICAL,
                "tainted query",
                new Location("src/Db.java", 42),
                new Fingerprint(Fingerprint.Source.FINGERPRINTS, "a/v1=aaa"),
                List.of("CWE-89"),
                List.of("security", "external/cwe/cwe-089"),
                false,
                BaselineState.NEW));
  }

  @Test
  void resolvesRulesByIndexIntoDriverAndExtensionsAndById() {
    List<Finding> findings =
        read(oneRun(
                TOOL,
                """
                {"ruleIndex": 1, "message": {"text": "by index"}},
                {"rule": {"index": 0, "toolComponent": {"index": 0}}, "message": {"text": "ext"}},
                {"ruleId": "XSS", "message": {"text": "by id from an extension"}},
                {"rule": {"id": "SQLI"}, "message": {"text": "by rule.id"}},
                {"ruleId": "UNKNOWN", "level": "error", "message": {"text": "no such rule"}}
                """))
            .findings();

    assertThat(findings)
        .extracting(Finding::ruleId, Finding::ruleName, Finding::severity)
        .containsExactly(
            tuple("STYLE", "Style", Severity.LOW),
            tuple("XSS", "CrossSiteScripting", Severity.MEDIUM),
            tuple("XSS", "CrossSiteScripting", Severity.MEDIUM),
            tuple("SQLI", "SqlInjection", Severity.CRITICAL),
            tuple("UNKNOWN", "", Severity.HIGH));
  }

  @Test
  void ruleIndexOutOfRangeNamesThePointer() {
    assertThatThrownBy(() -> read(oneRun(TOOL, "{}, {\"ruleIndex\": 7}")))
        .isInstanceOf(SarifStructureError.class)
        .hasMessage(
            "test.sarif: /runs/0/results/1/ruleIndex is 7 but the tool component has 2 rules");
  }

  @Test
  void toolComponentOutOfRangeNamesThePointer() {
    assertThatThrownBy(
            () ->
                read(oneRun(TOOL, "{\"rule\": {\"index\": 0, \"toolComponent\": {\"index\": 3}}}")))
        .isInstanceOf(SarifStructureError.class)
        .hasMessage(
            "test.sarif: /runs/0/results/0/rule/toolComponent/index is 3 but the tool has 1 extensions");
  }

  @Test
  void rulesAfterResultsAreResolvedByBufferingThatRunOnly() {
    String json =
        """
        {"version": "2.1.0", "runs": [
          {"results": [{"ruleIndex": 0, "message": {"text": "a"}},
                       {"ruleId": "STYLE", "message": {"text": "b"}}],
           "tool": %s},
          {"tool": %s, "results": [{"ruleIndex": 0, "message": {"text": "c"}}]}
        ]}
        """
            .formatted(TOOL, TOOL);

    Reports.Read read = read(json);

    assertThat(read.findings())
        .extracting(Finding::runIndex, Finding::ruleId, Finding::message)
        .containsExactly(tuple(0, "SQLI", "a"), tuple(0, "STYLE", "b"), tuple(1, "SQLI", "c"));
    assertThat(read.summary().peakBufferedResults()).isEqualTo(2);
  }

  @Test
  void resultsAfterTheToolAreNotBuffered() {
    assertThat(read(oneRun(TOOL, "{}, {}, {}")).summary().peakBufferedResults()).isZero();
  }

  @Test
  void suppressedUnlessEverySuppressionIsRejectedOrUnderReview() {
    List<Finding> findings =
        read(oneRun(
                TOOL,
                """
                {"suppressions": [{"kind": "inSource"}]},
                {"suppressions": [{"kind": "external", "status": "accepted"}]},
                {"suppressions": [{"kind": "external", "status": "rejected"},
                                  {"kind": "inSource", "status": "underReview"}]},
                {"suppressions": [{"status": "rejected"}, {"status": "accepted"}]},
                {"suppressions": []},
                {}
                """))
            .findings();

    assertThat(findings)
        .extracting(Finding::suppressed)
        .containsExactly(true, true, false, true, false, false);
  }

  @Test
  void summaryCountsResultsAndSuppressedPerRunWithToolAndRevision() {
    String json =
        """
        {"runs": [
          {"tool": {"driver": {"name": "A", "semanticVersion": "3.0.0"}},
           "versionControlProvenance": [{"repositoryUri": "https://x", "revisionId": "abc123"}],
           "results": [{"suppressions": [{}]}, {}]},
          {"tool": {"driver": {"name": "B"}}, "results": null},
          {"tool": {"driver": {"name": "C"}}}
        ], "version": "2.1.0"}
        """;

    SarifSummary summary = read(json).summary();

    assertThat(summary.runs())
        .containsExactly(
            new RunSummary(0, new Tool("A", "3.0.0"), List.of("abc123"), 2, 1),
            new RunSummary(1, new Tool("B", ""), List.of(), 0, 0),
            new RunSummary(2, new Tool("C", ""), List.of(), 0, 0));
    assertThat(summary.results()).isEqualTo(2);
  }

  @Test
  void levelComesFromResultThenKindThenRuleDefaultThenWarning() {
    List<Finding> findings =
        read(oneRun(
                TOOL,
                """
                {"ruleId": "STYLE", "level": "error"},
                {"ruleId": "STYLE", "kind": "pass"},
                {"ruleId": "STYLE"},
                {"ruleId": "OTHER"},
                {"ruleId": "OTHER", "kind": "fail"}
                """))
            .findings();

    assertThat(findings)
        .extracting(Finding::severity)
        .containsExactly(
            Severity.HIGH, Severity.NONE, Severity.LOW, Severity.MEDIUM, Severity.MEDIUM);
  }

  @Test
  void messageIdUsesTheRuleMessageStringWithArguments() {
    Finding finding =
        read(oneRun(
                TOOL,
                """
                {"ruleId": "SQLI",
                 "message": {"id": "default", "arguments": ["request.name", "Statement.execute"]}}
                """))
            .only();

    assertThat(finding.message())
        .isEqualTo("query built from request.name reaches Statement.execute");
  }

  @Test
  void baselineStatesAndMissingLocation() {
    List<Finding> findings =
        read(oneRun(
                TOOL,
                """
                {"baselineState": "unchanged"}, {"baselineState": "updated"},
                {"baselineState": "absent"}, {"baselineState": "bogus"}, {}
                """))
            .findings();

    assertThat(findings)
        .extracting(Finding::baselineState)
        .containsExactly(
            BaselineState.UNCHANGED,
            BaselineState.UPDATED,
            BaselineState.ABSENT,
            BaselineState.NOT_GIVEN,
            BaselineState.NOT_GIVEN);
    assertThat(findings).extracting(Finding::location).containsOnly(Location.UNKNOWN);
  }

  @Test
  void fingerprintFallsBackFromPartialToComputedFromRegion() {
    List<Finding> findings =
        read(oneRun(
                TOOL,
                """
                {"ruleId": "SQLI", "fingerprints": {}, "partialFingerprints": {"h": "1"}},
                {"ruleId": "SQLI", "partialFingerprints": {},
                 "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.py"},
                   "region": {"startLine": 3, "startColumn": 1, "endColumn": 9}}}]}
                """))
            .findings();

    assertThat(findings.get(0).fingerprint())
        .isEqualTo(new Fingerprint(Fingerprint.Source.PARTIAL_FINGERPRINTS, "h=1"));
    assertThat(findings.get(1).fingerprint())
        .isEqualTo(Fingerprint.computed("SQLI", "a.py", Fingerprint.regionAnchor(3, 1, 0, 9)));
  }

  @Test
  void cwesComeFromTagsAndRuleIdSortedAndDistinct() {
    String tool =
        """
        {"driver": {"name": "T", "rules": [{"id": "CWE-79",
          "properties": {"tags": ["CWE-079", "external/cwe/cwe-116", "cwe_20", "security"]}}]}}
        """;

    Finding finding = read(oneRun(tool, "{\"ruleIndex\": 0}")).only();

    assertThat(finding.cwes()).containsExactly("CWE-20", "CWE-79", "CWE-116");
    assertThat(finding.ruleId()).isEqualTo("CWE-79");
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource({
    "'security tag, top-25 CWE, level warning', '\"tags\": [\"security\"]', HIGH",
    "'no security tag', '\"tags\": [\"correctness\"]', MEDIUM",
    "'security-severity wins', '\"tags\": [\"security\"], \"security-severity\": \"5.0\"',"
        + " MEDIUM"
  })
  void aSecurityFindingOfATop25WeaknessIsAtLeastHighWhenTheToolGivesNoScore(
      String why, String properties, Severity expected) {
    String tool =
        """
        {"driver": {"name": "SpotBugs", "rules": [{"id": "SQLI", "properties": {%s},
          "relationships": [{"target": {"id": "89", "toolComponent": {"name": "CWE"}},
                             "kinds": ["superset"]}]}]}}
        """
            .formatted(properties);
    Finding f =
        read(oneRun(
                tool,
                "{\"ruleId\": \"SQLI\", \"level\": \"warning\", \"message\": {\"text\": \"m\"}}"))
            .only();

    assertThat(f.cwes()).containsExactly("CWE-89");
    assertThat(f.severity()).as(why).isEqualTo(expected);
  }
}
