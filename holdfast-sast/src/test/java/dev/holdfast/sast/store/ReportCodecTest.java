package dev.holdfast.sast.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.sast.finding.BaselineState;
import dev.holdfast.sast.finding.Finding;
import dev.holdfast.sast.finding.Fingerprint;
import dev.holdfast.sast.finding.Location;
import dev.holdfast.sast.finding.Severity;
import dev.holdfast.sast.finding.Tool;
import dev.holdfast.sast.sarif.RunSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportCodecTest {
  private static final String NAME = "ab".repeat(32);

  @Test
  void everyFieldOfEveryFindingReadsBackAsWritten() throws Exception {
    List<Finding> written = new ArrayList<>();
    int i = 0;
    for (Severity severity : Severity.values()) {
      for (BaselineState baseline : BaselineState.values()) {
        Fingerprint.Source source =
            Fingerprint.Source.values()[i % Fingerprint.Source.values().length];
        written.add(
            new Finding(
                i,
                new Tool("tool-" + i, i % 2 == 0 ? "" : "1." + i),
                "RULE-" + i,
                i % 3 == 0 ? "" : "Rule name " + i,
                severity,
                "message " + i,
                i % 4 == 0 ? Location.UNKNOWN : new Location("src/F" + i + ".java", i),
                new Fingerprint(source, "key=" + i),
                i % 2 == 0 ? List.of() : List.of("CWE-79", "CWE-" + (100 + i)),
                i % 3 == 0 ? List.of() : List.of("security", "external/cwe/cwe-79", "t" + i),
                i % 2 == 1,
                baseline));
        i++;
      }
    }

    assertThat(roundTrip(written)).isEqualTo(written);
  }

  @Test
  void unicodeQuotesControlCharactersAndLoneSurrogatesReadBackAsWritten() throws Exception {
    String awkward = "naïve \"quoted\" \\ back\nslash\ttab \u0000 nul 💥 emoji 中文 \u202e rtl";
    Finding f =
        new Finding(
            0,
            new Tool("Sémgrep ✓", "1.0-βeta"),
            "règle/" + awkward,
            awkward,
            Severity.HIGH,
            awkward + " lone \ud800 surrogate",
            new Location("src/üñí/" + awkward + ".java", 7),
            new Fingerprint(Fingerprint.Source.FINGERPRINTS, "k=" + awkward),
            List.of(),
            List.of(awkward, ""),
            false,
            BaselineState.NEW);

    assertThat(roundTrip(List.of(f))).containsExactly(f);
  }

  @Test
  void aLongMessageReadsBackWhole() throws Exception {
    String message = "x🔥y".repeat(300_000);
    Finding f = finding(message);

    List<Finding> read = roundTrip(List.of(f, finding("short")));

    assertThat(read.get(0).message()).hasSize(message.length()).isEqualTo(message);
    assertThat(read.get(1).message()).isEqualTo("short");
  }

  @Test
  void aReportWithoutFindingsReadsBackEmpty() throws Exception {
    assertThat(roundTrip(List.of())).isEmpty();
  }

  @Test
  void theHeaderReadsBackAsWritten() throws Exception {
    ReportHeader header =
        new ReportHeader(
            NAME,
            new AppVersion("shop/web", "sha256:" + "0f".repeat(32)),
            VersionSource.REVISION_ID,
            Instant.parse("2025-01-02T03:04:05.123456789Z"),
            "ci/report ü.sarif",
            "c3".repeat(32),
            List.of(
                new RunSummary(
                    0, new Tool("CodeQL", "2.19.0"), List.of("9fceb02", "9fceb02"), 12, 3),
                new RunSummary(1, new Tool("Semgrep", ""), List.of(), 0, 0)),
            12);
    ReportWriter writer = new ReportWriter(ReportCodec.JSON);

    byte[] plain = writer.finish(header);

    assertThat(ReportCodec.decodeHeader(NAME, plain)).isEqualTo(header);
    List<Finding> none = new ArrayList<>();
    ReportCodec.decodeFindings(plain, none::add);
    assertThat(none).isEmpty();
  }

  private static Finding finding(String message) {
    return new Finding(
        0,
        new Tool("T", ""),
        "R",
        "",
        Severity.LOW,
        message,
        Location.UNKNOWN,
        new Fingerprint(Fingerprint.Source.COMPUTED, "sha256:00"),
        List.of(),
        List.of(),
        false,
        BaselineState.NOT_GIVEN);
  }

  private static List<Finding> roundTrip(List<Finding> findings) throws Exception {
    byte[] plain;
    try (ReportWriter writer = new ReportWriter(ReportCodec.JSON)) {
      findings.forEach(writer);
      assertThat(writer.count()).isEqualTo(findings.size());
      plain = writer.finish(header(findings.size()));
    }
    List<Finding> read = new ArrayList<>();
    ReportCodec.decodeFindings(plain, read::add);
    assertThat(ReportCodec.decodeHeader(NAME, plain)).isEqualTo(header(findings.size()));
    return read;
  }

  private static ReportHeader header(long findings) {
    return new ReportHeader(
        NAME,
        new AppVersion("app", "v1"),
        VersionSource.GIVEN,
        Instant.parse("2025-01-01T00:00:00Z"),
        "test.sarif",
        "00".repeat(32),
        List.of(new RunSummary(0, new Tool("T", ""), List.of(), findings, 0)),
        findings);
  }
}
