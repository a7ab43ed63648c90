package dev.holdfast.sast.store;

import static dev.holdfast.sast.testing.SarifText.result;
import static dev.holdfast.sast.testing.SarifText.run;
import static dev.holdfast.sast.testing.SastRepository.app;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NotFound;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.crypto.ObjectSealer;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.sast.finding.Finding;
import dev.holdfast.sast.finding.Severity;
import dev.holdfast.sast.sarif.SarifReader;
import dev.holdfast.sast.testing.SarifText;
import dev.holdfast.sast.testing.SastRepository;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportStoreTest {
  private final SastRepository sast = new SastRepository();
  private final ReportStore reports = sast.reports();

  @Test
  void aTamperedReportIsCorruptNamingTheReportAndNothingSecret() {
    IngestResult ingested =
        sast.ingest("payments", "rel-42", SarifText.oneFinding("R1", Severity.HIGH, "f1"));
    BlobName name = sast.only(BlobKind.REPORT);

    sast.damage(name);

    String id = ingested.header().id();
    assertThatThrownBy(() -> reports.open(reports.find(id)))
        .isInstanceOf(CorruptObject.class)
        .hasMessageContaining("security report " + id)
        .hasMessageContaining("failed authentication")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TestRepositories.PASSPHRASE))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("payments", "rel-42"));
    ReportStore.Listing listing = reports.of(app("payments=rel-42"));
    assertThat(listing.reports()).isEmpty();
    assertThat(listing.unreadable())
        .singleElement()
        .extracting(Throwable::getMessage)
        .asString()
        .contains(id);
  }

  @Test
  void aDamagedReportCanBeRemovedAndTheSameBytesIngestedAgainReplaceIt() {
    IngestResult first = sast.ingest("shop", "v1", SarifText.oneFinding("R1", Severity.HIGH, "f"));
    BlobName name = sast.only(BlobKind.REPORT);
    sast.damage(name);

    IngestResult again = sast.ingest("shop", "v1", SarifText.oneFinding("R1", Severity.HIGH, "f"));

    assertThat(again.created()).isTrue();
    assertThat(reports.of(app("shop=v1")).unreadable()).isEmpty();
    assertThat(reports.of(app("shop=v1")).reports()).hasSize(1);
    sast.damage(name);
    assertThat(reports.remove(reports.find(first.header().id()))).isEmpty();
    assertThat(sast.store().list(BlobKind.REPORT)).isEmpty();
  }

  @Test
  void aReportCopiedUnderAnotherVersionsNameFailsAuthentication() {
    sast.ingest("app", "v1", SarifText.oneFinding("R1", Severity.HIGH, "f1"));
    BlobName v1 = sast.only(BlobKind.REPORT);
    IngestResult second = sast.ingest("app", "v2", SarifText.oneFinding("R1", Severity.LOW, "f2"));
    BlobName v2 = new BlobName(BlobKind.REPORT, second.header().name());

    sast.replace(v2, sast.store().get(v1));

    ReportStore.Listing listing = reports.of(app("app=v2"));
    assertThat(listing.reports()).isEmpty();
    assertThat(listing.unreadable())
        .singleElement()
        .extracting(Throwable::getMessage)
        .asString()
        .contains(second.header().id(), "failed authentication");
    assertThat(reports.of(app("app=v1")).reports()).hasSize(1);
  }

  @Test
  void aReportSealedByTheKeyUnderAnotherVersionsNameIsRefusedByItsHeader() throws Exception {
    sast.ingest("app", "v1", SarifText.oneFinding("R1", Severity.HIGH, "f1"));
    BlobName v1 = sast.only(BlobKind.REPORT);
    IngestResult second = sast.ingest("app", "v2", SarifText.oneFinding("R1", Severity.LOW, "f2"));
    BlobName v2 = new BlobName(BlobKind.REPORT, second.header().name());
    ObjectSealer sealer = sast.repo().key().objectSealer();

    // someone holding the key re-seals v1's report for v2's name: the AAD now matches, the header
    // does not
    byte[] plain = sealer.open(v1.path(), sast.store().get(v1));
    sast.replace(v2, sealer.seal(v2.path(), plain));

    assertThat(reports.of(app("app=v2")).unreadable())
        .singleElement()
        .extracting(Throwable::getMessage)
        .asString()
        .contains(second.header().id(), "does not match its version");
  }

  @Test
  void eachVersionOfAListGetsItsOwnReportsInTheOrderAsked() {
    sast.ingest("shop", "v1", SarifText.oneFinding("R1", Severity.HIGH, "a"));
    sast.ingest("shop", "v2", SarifText.oneFinding("R1", Severity.HIGH, "b"));
    sast.ingest("shop", "v2", SarifText.oneFinding("R2", Severity.LOW, "c"));
    sast.ingest("blog", "v1", SarifText.oneFinding("R1", Severity.HIGH, "a"));
    List<AppVersion> asked =
        List.of(app("shop=v2"), app("shop=v3"), app("blog=v1"), app("shop=v1"));

    List<ReportStore.Listing> listings = reports.of(asked);

    assertThat(listings).extracting(l -> l.reports().size()).containsExactly(2, 0, 1, 1);
    for (int i = 0; i < asked.size(); i++) {
      AppVersion version = asked.get(i);
      assertThat(listings.get(i).reports())
          .allSatisfy(r -> assertThat(r.header().version()).isEqualTo(version));
      assertThat(listings.get(i).reports())
          .extracting(StoredReport::header)
          .isEqualTo(reports.of(version).reports().stream().map(StoredReport::header).toList());
    }
    assertThat(reports.all().reports()).hasSize(4);
  }

  @Test
  void aReportOfOneVersionNeverShowsInAnother() {
    SarifText report = SarifText.oneFinding("R1", Severity.HIGH, "a");
    sast.ingest("shop", "v1", report);

    assertThat(reports.of(app("shop=v1")).reports()).hasSize(1);
    assertThat(reports.of(app("shop=v10")).reports()).isEmpty();
    assertThat(reports.of(app("shop=V1")).reports()).isEmpty();
    assertThat(reports.of(app("shop2=v1")).reports()).isEmpty();
    assertThat(reports.of(app("sho=pv1")).reports()).isEmpty();
  }

  @Test
  void theSameBytesForTwoVersionsAreTwoReports() {
    SarifText report = SarifText.oneFinding("R1", Severity.HIGH, "a");

    IngestResult v1 = sast.ingest("shop", "v1", report);
    IngestResult v2 = sast.ingest("shop", "v2", report);

    assertThat(v2.created()).isTrue();
    assertThat(v1.header().sha256()).isEqualTo(v2.header().sha256());
    assertThat(v1.header().name()).isNotEqualTo(v2.header().name());
    assertThat(sast.store().list(BlobKind.REPORT)).hasSize(2);
  }

  @Test
  void severalReportsOfOneVersionAreAllListedOldestFirst() {
    IngestResult first = sast.ingest("shop", "v1", SarifText.oneFinding("R1", Severity.HIGH, "a"));
    IngestResult second =
        sast.ingest(
            "shop",
            "v1",
            SarifText.report()
                .run(run("Other").rule("R9", Severity.LOW).results(result("R9").fingerprint("z"))));

    ReportStore.Listing listing = reports.of(app("shop=v1"));

    assertThat(listing.reports())
        .extracting(StoredReport::header)
        .containsExactly(first.header(), second.header());
    assertThat(findingsOf(listing.reports().get(1)))
        .extracting(f -> f.tool().name())
        .containsExactly("Other");
  }

  @Test
  void findAcceptsAUniquePrefixOfTheReportId() {
    IngestResult ingested = sast.ingest("shop", "v1", SarifText.oneFinding("R", Severity.LOW, "a"));
    String id = ingested.header().id();

    assertThat(reports.open(reports.find(id)).header()).isEqualTo(ingested.header());
    assertThat(reports.open(reports.find(id.substring(0, 4))).header())
        .isEqualTo(ingested.header());
    assertThat(reports.open(reports.find(ingested.header().name().substring(32))).header())
        .isEqualTo(ingested.header());
  }

  @Test
  void findRefusesPrefixesTooShortOrNotLowerCaseHex() {
    sast.ingest("shop", "v1", SarifText.oneFinding("R", Severity.LOW, "a"));

    for (String bad : List.of("", "abc", "abcg", "ABCD", "12 34", "../x", "a".repeat(33))) {
      assertThatThrownBy(() -> reports.find(bad), bad)
          .isInstanceOf(UsageError.class)
          .hasMessageContaining("4 to 32 lower-case hex digits");
    }
  }

  @Test
  void findOfAnIdNoReportHasIsNotFound() {
    IngestResult ingested = sast.ingest("shop", "v1", SarifText.oneFinding("R", Severity.LOW, "a"));
    String id = ingested.header().id();
    String other = id.substring(0, 11) + (id.charAt(11) == '0' ? '1' : '0');

    assertThatThrownBy(() -> reports.find(other))
        .isInstanceOf(NotFound.class)
        .hasMessageContaining(other);
  }

  @Test
  void findOfAPrefixTwoReportsShareIsAmbiguous() {
    // two reports whose ids both start with beef; their content does not matter to find's choice
    String part = "0".repeat(32);
    sast.store()
        .putIfAbsent(new BlobName(BlobKind.REPORT, part + "beef" + "1".repeat(28)), new byte[1]);
    sast.store()
        .putIfAbsent(new BlobName(BlobKind.REPORT, part + "beef" + "2".repeat(28)), new byte[1]);

    assertThatThrownBy(() -> reports.find("beef"))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("beef")
        .hasMessageContaining("ambiguous");
    assertThatThrownBy(() -> reports.open(reports.find("beef1")))
        .isInstanceOf(CorruptObject.class)
        .hasMessageContaining("beef11111111");
  }

  @Test
  void aRemovedReportIsGoneFromEveryListing() {
    IngestResult kept = sast.ingest("shop", "v1", SarifText.oneFinding("R", Severity.LOW, "a"));
    IngestResult removed = sast.ingest("shop", "v1", SarifText.oneFinding("R", Severity.HIGH, "b"));

    reports.remove(reports.find(removed.header().id()));

    assertThat(reports.of(app("shop=v1")).reports())
        .extracting(StoredReport::header)
        .containsExactly(kept.header());
    assertThat(reports.all().reports()).hasSize(1);
    assertThatThrownBy(() -> reports.find(removed.header().id())).isInstanceOf(NotFound.class);
  }

  @Test
  void aReportNamingSeveralRevisionsNeedsAVersionAndTheErrorNamesThem() {
    SarifText report =
        SarifText.report()
            .run(run("A").revision("1111111"))
            .run(run("B").revision("2222222").revision("1111111"));
    IngestRequest request = new IngestRequest("shop", Optional.empty(), "ci.sarif");

    assertThatThrownBy(() -> sast.ingest(request, report))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("ci.sarif")
        .hasMessageContaining("2 revisions (1111111, 2222222)")
        .hasMessageContaining("--version");
    assertThat(sast.store().list(BlobKind.REPORT)).isEmpty();
  }

  @Test
  void oneRevisionNamedByEveryRunIsTheVersion() {
    SarifText report =
        SarifText.report().run(run("A").revision("1111111")).run(run("B").revision("1111111"));

    IngestResult r = sast.ingest(new IngestRequest("shop", Optional.empty(), "ci.sarif"), report);

    assertThat(r.header().version()).isEqualTo(app("shop=1111111"));
  }

  @Test
  void aGivenVersionWinsOverTheReportsRevisions() {
    SarifText report =
        SarifText.report().run(run("A").revision("1111111")).run(run("B").revision("2222222"));

    IngestResult r = sast.ingest("shop", "rel-1", report);

    assertThat(r.header().version()).isEqualTo(app("shop=rel-1"));
    assertThat(r.header().versionSource()).isEqualTo(VersionSource.GIVEN);
  }

  @Test
  void anInvalidApplicationNameIsAUsageErrorAndStoresNothing() {
    for (String bad : List.of("", "-app", "my app", "a=b", "x".repeat(129), "ünïcode")) {
      assertThatThrownBy(
              () -> sast.ingest(bad, "v1", SarifText.oneFinding("R", Severity.HIGH, "a")), bad)
          .isInstanceOf(UsageError.class)
          .hasMessageContaining("test.sarif")
          .hasMessageContaining("application name");
    }
    assertThat(sast.store().list(BlobKind.REPORT)).isEmpty();
  }

  @Test
  void anInvalidVersionIsAUsageErrorAndStoresNothing() {
    IngestRequest request = new IngestRequest("shop", Optional.of("v 1"), "test.sarif");

    assertThatThrownBy(() -> sast.ingest(request, SarifText.oneFinding("R", Severity.HIGH, "a")))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("invalid version");
    assertThat(sast.store().list(BlobKind.REPORT)).isEmpty();
  }

  @Test
  void aRevisionIdThatIsNotAValidVersionIsAUsageErrorAndStoresNothing() {
    SarifText report = SarifText.report().run(run("A").revision("not a version"));

    assertThatThrownBy(
            () -> sast.ingest(new IngestRequest("shop", Optional.empty(), "ci.sarif"), report))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("ci.sarif");
    assertThat(sast.store().list(BlobKind.REPORT)).isEmpty();
  }

  @Test
  void aHostileMessageWithALoneSurrogateEscapeIsStoredAndReadBack() {
    String json =
        """
        {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "T"}}, "results": [
          {"ruleId": "R", "message": {"text": "a\\ud800b \\u0000 \\"q\\""}}]}]}
        """;
    IngestResult r =
        new SarifIngest(sast.repo(), SarifReader.withDefaults())
            .ingest(
                new IngestRequest("shop", Optional.of("v1"), "x.sarif"),
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));

    assertThat(findingsOf(reports.open(reports.find(r.header().id()))))
        .singleElement()
        .extracting(Finding::message)
        .isEqualTo("a\ud800b \u0000 \"q\"");
  }

  @Test
  void theStoredHeaderSaysWhatWasIngestedAndWhen() {
    SarifText report =
        SarifText.report()
            .run(
                run("CodeQL")
                    .toolVersion("2.19.0")
                    .revision("abc1234")
                    .rule("R", Severity.HIGH)
                    .results(
                        result("R").fingerprint("a"), result("R").fingerprint("b").suppressed()))
            .run(run("Semgrep").revision("abc1234"));

    IngestResult r = sast.ingest(new IngestRequest("shop", Optional.empty(), "ci.sarif"), report);

    ReportHeader h = reports.open(reports.find(r.header().id())).header();
    assertThat(h).isEqualTo(r.header());
    assertThat(h.ingestedAt()).isEqualTo(SastRepository.START);
    assertThat(h.source()).isEqualTo("ci.sarif");
    assertThat(h.findings()).isEqualTo(2);
    assertThat(h.tools()).containsExactly("CodeQL 2.19.0", "Semgrep");
    assertThat(h.runs()).extracting(rs -> rs.suppressed()).containsExactly(1L, 0L);
    assertThat(h.id()).hasSize(12).isEqualTo(h.name().substring(32, 44));
  }

  @Test
  void listingsIgnoreBlobsNotNamedLikeReports() {
    sast.ingest("shop", "v1", SarifText.oneFinding("R", Severity.LOW, "a"));
    sast.store().putIfAbsent(new BlobName(BlobKind.REPORT, "abcd"), new byte[1]);

    assertThat(reports.of(app("shop=v1")).reports()).hasSize(1);
    assertThat(reports.of(app("shop=v1")).unreadable()).isEmpty();
    assertThat(sast.store().list(BlobKind.REPORT)).extracting(BlobInfo::size).hasSize(2);
  }

  private static List<Finding> findingsOf(StoredReport report) {
    List<Finding> out = new ArrayList<>();
    report.forEachFinding(out::add);
    return out;
  }
}
