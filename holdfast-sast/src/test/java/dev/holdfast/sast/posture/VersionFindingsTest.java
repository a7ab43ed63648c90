package dev.holdfast.sast.posture;

import static dev.holdfast.sast.testing.SarifText.result;
import static dev.holdfast.sast.testing.SarifText.run;
import static dev.holdfast.sast.testing.SastRepository.app;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.sast.finding.Severity;
import dev.holdfast.sast.store.FindingId;
import dev.holdfast.sast.testing.SarifText;
import dev.holdfast.sast.testing.SastRepository;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionFindingsTest {
  private static final AppVersion V1 = app("shop=v1");

  private final SastRepository sast = new SastRepository();

  @Test
  void theSameFingerprintTwiceInOneRunIsOneFinding() {
    sast.ingest(
        "shop",
        "v1",
        SarifText.findings("T", result("R").fingerprint("f"), result("R").fingerprint("f")));

    List<VersionFinding> findings = findings();

    assertThat(findings).singleElement().extracting(VersionFinding::occurrences).isEqualTo(2);
    assertThat(sast.judge(Gate.DEFAULT, V1).of(V1).open().total()).isEqualTo(1);
  }

  @Test
  void theSameFingerprintInTwoRunsAndTwoReportsIsOneFindingAtItsWorstSeverity() {
    sast.ingest(
        "shop",
        "v1",
        SarifText.report()
            .run(run("T").rule("R", Severity.LOW).results(result("R").fingerprint("f")))
            .run(run("T").rule("R", Severity.MEDIUM).results(result("R").fingerprint("f"))));
    sast.ingest(
        "shop",
        "v1",
        SarifText.report()
            .run(run("T").rule("R", Severity.CRITICAL).results(result("R").fingerprint("f"))));
    sast.ingest(
        "shop",
        "v1",
        SarifText.report()
            .run(run("T").rule("R", Severity.HIGH).results(result("R").fingerprint("f"))));
    sast.ingest(
        "shop",
        "v1",
        SarifText.report()
            .run(run("T").rule("Other", Severity.LOW).results(result("Other").fingerprint("f"))));

    VersionFinding f = findings().get(0);

    assertThat(findings()).as("another rule on the same fingerprint is another finding").hasSize(2);
    assertThat(f.occurrences()).isEqualTo(4);
    assertThat(f.finding().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(sast.judge(Gate.DEFAULT, V1).of(V1).open())
        .isEqualTo(new SeverityCounts(1, 0, 0, 1, 0));
  }

  @Test
  void aFindingKeepsItsFirstOccurrenceButTheWorstSeverity() {
    sast.ingest(
        "shop",
        "v1",
        SarifText.report()
            .run(
                run("T")
                    .rule("R", Severity.LOW)
                    .results(result("R").fingerprint("f").message("first").at("a.java", 3))));
    sast.ingest(
        "shop",
        "v1",
        SarifText.report()
            .run(
                run("T")
                    .rule("R", Severity.HIGH)
                    .results(result("R").fingerprint("f").message("second").at("b.java", 9))));

    VersionFinding f = findings().get(0);

    assertThat(f.finding().message()).isEqualTo("first");
    assertThat(f.finding().location().file()).isEqualTo("a.java");
    assertThat(f.finding().severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void theToolsVersionDoesNotMakeAFindingNewButItsNameDoes() {
    sast.ingest(
        "shop",
        "v1",
        SarifText.report()
            .run(run("T").toolVersion("1.0").results(result("R").fingerprint("f")))
            .run(run("T").toolVersion("2.0").results(result("R").fingerprint("f")))
            .run(run("U").results(result("R").fingerprint("f"))));

    assertThat(findings())
        .extracting(f -> f.finding().tool().name(), VersionFinding::occurrences)
        .containsExactly(tuple("T", 2), tuple("U", 1));
  }

  @Test
  void withoutFingerprintsTheSameRulePathAndRegionInTwoReportsIsOneFinding() {
    SarifText report = SarifText.findings("T", result("R").at("./src/A.java", 12));
    SarifText sameSpelledOtherwise = SarifText.findings("T", result("R").at("src/A.java", 12));
    sast.ingest("shop", "v1", report);
    sast.ingest("shop", "v1", sameSpelledOtherwise);
    sast.ingest("shop", "v1", SarifText.findings("T", result("R").at("src/A.java", 13)));

    assertThat(findings()).extracting(VersionFinding::occurrences).containsExactly(2, 1);
  }

  @Test
  void partialFingerprintsIdentifyAFindingToo() {
    sast.ingest(
        "shop",
        "v1",
        SarifText.findings(
            "T",
            result("R").partialFingerprint("primaryLocationLineHash", "abc").at("a.java", 1),
            result("R").partialFingerprint("primaryLocationLineHash", "abc").at("b.java", 2),
            result("R").partialFingerprint("primaryLocationLineHash", "def").at("a.java", 1)));

    assertThat(findings()).extracting(VersionFinding::occurrences).containsExactly(2, 1);
  }

  @Test
  void aFindingIsSuppressedOnlyWhenEveryOccurrenceIs() {
    sast.ingest(
        "shop",
        "v1",
        SarifText.graded(
            result("high").fingerprint("some").suppressed(),
            result("high").fingerprint("some"),
            result("high").fingerprint("all").suppressed(),
            result("high").fingerprint("all").suppressed()));

    PostureJudge judge = sast.judge(Gate.DEFAULT, V1);

    assertThat(findings()).extracting(VersionFinding::suppressed).containsExactly(false, true);
    assertThat(judge.of(V1).verdict()).isEqualTo(Verdict.VULNERABLE);
    assertThat(judge.of(V1).open().high()).isEqualTo(1);
    assertThat(judge.of(V1).suppressed()).isEqualTo(1);
  }

  @Test
  void aFindingIsFixedOnlyWhenEveryReportSaysItIsAbsent() {
    sast.ingest(
        "shop",
        "v1",
        SarifText.graded(
            result("high").fingerprint("still-there").baseline("absent"),
            result("high").fingerprint("gone").baseline("absent")));
    sast.ingest(
        "shop",
        "v1",
        SarifText.graded(
            result("high").fingerprint("still-there").baseline("unchanged"),
            result("high").fingerprint("gone").baseline("absent")));

    PostureJudge judge = sast.judge(Gate.DEFAULT, V1);

    assertThat(findings()).extracting(VersionFinding::fixed).containsExactly(false, true);
    assertThat(judge.of(V1).open().high()).isEqualTo(1);
    assertThat(judge.of(V1).fixed()).isEqualTo(1);
  }

  @Test
  void theFindingIdIsTheOneUsersNameItBy() {
    sast.ingest("shop", "v1", SarifText.oneFinding("R", Severity.HIGH, "f"));

    VersionFinding f = findings().get(0);

    assertThat(f.id())
        .isEqualTo(FindingId.of("shop", f.finding()))
        .isNotEqualTo(FindingId.of("blog", f.finding()))
        .isNotEqualTo(FindingId.of("shop", "U", f.finding().ruleId(), f.finding().fingerprint()));
    assertThat(f.id().hex()).hasSize(FindingId.LENGTH);
    assertThat(sast.book(V1).findings(V1).has(f.id())).isTrue();
  }

  @Test
  void aVersionWithoutReportsHasNoFindingsAndIsNotReported() {
    VersionFindings none = sast.book(V1).findings(app("shop=v9"));

    assertThat(none.reported()).isFalse();
    assertThat(none.findings()).isEmpty();
    assertThat(none.version()).isEqualTo(app("shop=v9"));
  }

  private List<VersionFinding> findings() {
    return List.copyOf(sast.book(V1).findings(V1).findings());
  }
}
