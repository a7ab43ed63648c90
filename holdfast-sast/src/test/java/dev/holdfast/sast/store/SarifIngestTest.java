package dev.holdfast.sast.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.UsageError;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.sast.finding.Finding;
import dev.holdfast.sast.sarif.InvalidSarif;
import dev.holdfast.sast.sarif.SarifReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SarifIngestTest {
  private static final Path CORPUS = Path.of("src/test/resources/sarif-corpus");

  private final InMemoryBlobStore store = new InMemoryBlobStore();
  private final Repository repo = TestRepositories.init(store);

  @Test
  void storedFindingsReadBackExactlyAsTheReaderNormalisedThem() throws Exception {
    Path report = CORPUS.resolve("shiftleft-findsecbugs-report.sarif");
    List<Finding> read = new ArrayList<>();
    try (InputStream in = Files.newInputStream(report)) {
      SarifReader.withDefaults().read(in, "x", read::add);
    }

    IngestResult result = ingest(report, "shop", Optional.of("v1"));

    assertThat(result.created()).isTrue();
    assertThat(result.header().version()).isEqualTo(new AppVersion("shop", "v1"));
    assertThat(result.header().findings()).isEqualTo(read.size());
    ReportStore.Listing listing = new ReportStore(repo).of(new AppVersion("shop", "v1"));
    assertThat(listing.reports()).hasSize(1);
    List<Finding> stored = new ArrayList<>();
    listing.reports().get(0).forEachFinding(stored::add);
    assertThat(stored).isEqualTo(read);
    assertThat(new ReportStore(repo).of(new AppVersion("shop", "v2")).reports()).isEmpty();
  }

  @Test
  void theSameBytesForTheSameVersionAreStoredOnce() throws Exception {
    Path report = CORPUS.resolve("shiftleft-gosec-report.sarif");
    IngestResult first = ingest(report, "api", Optional.of("abc"));
    IngestResult again = ingest(report, "api", Optional.of("abc"));

    assertThat(again.created()).isFalse();
    assertThat(again.header()).isEqualTo(first.header());
    assertThat(store.list(BlobKind.REPORT)).hasSize(1);
  }

  @Test
  void storageSeesNeitherApplicationNorVersionNorFindings() throws Exception {
    ingest(CORPUS.resolve("shiftleft-bandit-report.sarif"), "payments-app", Optional.of("rel42"));

    var info = store.list(BlobKind.REPORT).get(0);
    String stored = new String(store.get(info.name()), StandardCharsets.ISO_8859_1);
    assertThat(info.name().name()).doesNotContain("payments").hasSize(64);
    assertThat(stored)
        .doesNotContain("payments-app")
        .doesNotContain("rel42")
        .doesNotContainIgnoringCase("bandit");
  }

  @Test
  void anInvalidReportStoresNothing() {
    String truncated =
        """
        {"runs": [{"tool": {"driver": {"name": "T"}}, "results": [
          {"ruleId": "R", "message": {"text": "m"}},
        """;

    assertThatThrownBy(() -> ingest(truncated, "app", Optional.of("1")))
        .isInstanceOf(InvalidSarif.class);
    assertThat(store.list(BlobKind.REPORT)).isEmpty();
  }

  @Test
  void theVersionComesFromTheReportsRevisionWhenNotGiven() {
    IngestResult r =
        ingest(
            """
            {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "T"}},
              "versionControlProvenance": [{"repositoryUri": "https://x", "revisionId": "9fceb02"}],
              "results": []}]}
            """,
            "app",
            Optional.empty());

    assertThat(r.header().version()).isEqualTo(new AppVersion("app", "9fceb02"));
    assertThat(r.header().versionSource()).isEqualTo(VersionSource.REVISION_ID);
  }

  @Test
  void withoutAVersionAnywhereNothingIsStoredAndTheMessageSaysWhatToGive() {
    assertThatThrownBy(
            () ->
                ingest(
                    """
                    {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "T"}}}]}
                    """,
                    "app",
                    Optional.empty()))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("--version");
    assertThat(store.list(BlobKind.REPORT)).isEmpty();
  }

  @Test
  void theSourceNameIsKeptOnOneLineAndShort() {
    IngestRequest r =
        new IngestRequest("app", Optional.of("1"), "ci\n.sarif\u001b[31m" + "x".repeat(400));

    assertThat(r.source()).startsWith("ci?.sarif?[31m").hasSize(IngestRequest.MAX_SOURCE);
  }

  @Test
  void anImageDigestIsAVersionId() {
    String digest = "ghcr.io/acme/shop@sha256:" + "ab12".repeat(16);
    IngestResult r =
        ingest(
            """
            {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "T"}}, "results": []}]}
            """,
            "shop",
            Optional.of(digest));

    assertThat(r.header().version()).isEqualTo(new AppVersion("shop", digest));
    assertThat(new ReportStore(repo).of(new AppVersion("shop", digest)).reports()).hasSize(1);
  }

  private IngestResult ingest(Path report, String app, Optional<String> version) throws Exception {
    try (InputStream in = Files.newInputStream(report)) {
      return new SarifIngest(repo, SarifReader.withDefaults())
          .ingest(new IngestRequest(app, version, report.getFileName().toString()), in);
    }
  }

  private IngestResult ingest(String json, String app, Optional<String> version) {
    return new SarifIngest(repo, SarifReader.withDefaults())
        .ingest(
            new IngestRequest(app, version, "test.sarif"),
            new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }
}
