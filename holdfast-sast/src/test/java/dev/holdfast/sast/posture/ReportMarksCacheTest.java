package dev.holdfast.sast.posture;

import static dev.holdfast.sast.testing.SarifText.graded;
import static dev.holdfast.sast.testing.SarifText.result;
import static dev.holdfast.sast.testing.SarifText.run;
import static dev.holdfast.sast.testing.SastRepository.app;
import static dev.holdfast.sast.testing.SastRepository.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.sast.finding.Severity;
import dev.holdfast.sast.store.FindingId;
import dev.holdfast.sast.store.IngestResult;
import dev.holdfast.sast.testing.SarifText;
import dev.holdfast.sast.testing.SastRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Verdicts from a book for verdicts, with the local report cache cold, warm or tampered with, are
 * the verdicts of a book loaded in full; what changes in the repository (a report arriving later, a
 * removed report, a new or expired waiver) changes them even when the cache is warm.
 */
class ReportMarksCacheTest {
  private static final AppVersion V1 = app("shop=v1");
  private static final AppVersion V2 = app("shop=v2");

  @TempDir Path tmp;

  private final SastRepository sast = new SastRepository();
  private final Queue<String> warnings = new ConcurrentLinkedQueue<>();
  private Path cacheRoot;

  @BeforeEach
  void useALocalCache() {
    cacheRoot = tmp.resolve("cache");
    sast.repo().cacheSnapshotsIn(cacheRoot, warnings::add);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void verdictsFromColdAndWarmCachesAreThoseOfTheFullBook(long seed) {
    Random random = new Random(seed);
    List<AppVersion> versions = new ArrayList<>();
    for (String name : List.of("shop", "blog")) {
      for (int v = 1; v <= 5; v++) {
        AppVersion version = app(name + "=v" + v);
        versions.add(version);
        int reports = random.nextInt(4); // some versions have none: unknown
        for (int r = 0; r < reports; r++) {
          sast.ingest(version.name(), version.version(), randomReport(random));
        }
      }
    }
    List<FindingId> ids = new ArrayList<>();
    sast.book(versions.toArray(AppVersion[]::new))
        .versions()
        .forEach(f -> f.findings().forEach(x -> ids.add(x.id())));
    for (int w = 0; w < 6 && !ids.isEmpty(); w++) {
      String appName = random.nextBoolean() ? "shop" : "blog";
      sast.waivers()
          .add(
              appName,
              ids.get(random.nextInt(ids.size())),
              "seeded waiver",
              sast.clock().instant().plus(Duration.ofDays(1 + random.nextInt(10))),
              "test@host");
    }
    sast.clock().advance(Duration.ofDays(4)); // some waivers have expired by now
    List<Snapshot> snapshots = new ArrayList<>();
    for (int n = 1; n <= 30; n++) {
      AppVersion first = versions.get(random.nextInt(versions.size()));
      AppVersion second = versions.get(random.nextInt(versions.size()));
      snapshots.add(
          random.nextBoolean()
              ? snapshot(n, SastRepository.START, "db", first)
              : snapshot(n, SastRepository.START, "db", first, second));
    }
    snapshots.add(snapshot(31, SastRepository.START, "db"));

    for (Severity threshold : List.of(Severity.CRITICAL, Severity.HIGH, Severity.LOW)) {
      Gate gate = new Gate(threshold);
      List<SnapshotPosture> full = sast.judge(gate, snapshots).of(snapshots);
      for (String round : List.of("cold or just written", "warm")) {
        assertThat(verdicts(gate, snapshots))
            .as("seed %d, gate %s, cache %s", seed, gate.word(), round)
            .isEqualTo(full);
      }
    }
    assertThat(warnings).as("seed %d", seed).isEmpty();
    assertThat(cacheFile()).as("seed %d", seed).exists();
  }

  @Test
  void aReportArrivingLaterForAnOldVersionChangesItsSnapshotsWithAWarmCache() {
    sast.ingest("shop", "v1", graded(result("low").fingerprint("a")));
    List<Snapshot> snapshots =
        List.of(
            snapshot(1, SastRepository.START, "db", V1),
            snapshot(2, SastRepository.START, "db", V2));
    assertThat(verdictsOf(snapshots)).containsExactly(Verdict.CLEAN, Verdict.UNKNOWN);
    assertThat(verdictsOf(snapshots)).containsExactly(Verdict.CLEAN, Verdict.UNKNOWN);

    sast.ingest("shop", "v1", graded(result("high").fingerprint("b")));
    sast.ingest("shop", "v2", graded(result("medium").fingerprint("c")));

    assertThat(verdictsOf(snapshots)).containsExactly(Verdict.VULNERABLE, Verdict.CLEAN);
    assertThat(verdicts(Gate.DEFAULT, snapshots))
        .isEqualTo(sast.judge(Gate.DEFAULT, snapshots).of(snapshots));
    assertThat(warnings).isEmpty();
  }

  @Test
  void aNewWaiverChangesTheVerdictWithAWarmCacheUntilItExpires() {
    sast.ingest("shop", "v1", graded(result("high").fingerprint("a")));
    List<Snapshot> snapshots = List.of(snapshot(1, SastRepository.START, "db", V1));
    assertThat(verdictsOf(snapshots)).containsExactly(Verdict.VULNERABLE);

    FindingId finding = sast.book(V1).findings(V1).findings().iterator().next().id();
    sast.waivers()
        .add(
            "shop",
            finding,
            "not reachable",
            sast.clock().instant().plus(Duration.ofDays(7)),
            "test@host");
    assertThat(verdictsOf(snapshots)).containsExactly(Verdict.CLEAN);

    sast.clock().advance(Duration.ofDays(8));
    assertThat(verdictsOf(snapshots)).containsExactly(Verdict.VULNERABLE);
  }

  @Test
  void aRemovedReportNoLongerCountsAndLeavesTheCache() throws IOException {
    IngestResult high = sast.ingest("shop", "v1", graded(result("high").fingerprint("a")));
    List<Snapshot> snapshots = List.of(snapshot(1, SastRepository.START, "db", V1));
    assertThat(verdictsOf(snapshots)).containsExactly(Verdict.VULNERABLE);
    byte[] withReport = Files.readAllBytes(cacheFile());

    sast.reports().remove(sast.reports().find(high.header().id()));

    assertThat(verdictsOf(snapshots)).containsExactly(Verdict.UNKNOWN);
    assertThat(Files.readAllBytes(cacheFile())).isNotEqualTo(withReport);
    assertThat(ReportMarksCache.of(sast.repo()).orElseThrow().read()).isEmpty();
  }

  @Test
  void aTamperedCacheIsIgnoredWithAWarningAndRebuilt() throws IOException {
    sast.ingest("shop", "v1", graded(result("high").fingerprint("a")));
    sast.ingest("shop", "v2", graded(result("low").fingerprint("b")));
    List<Snapshot> snapshots =
        List.of(
            snapshot(1, SastRepository.START, "db", V1),
            snapshot(2, SastRepository.START, "db", V2));
    List<SnapshotPosture> expected = sast.judge(Gate.DEFAULT, snapshots).of(snapshots);
    assertThat(verdicts(Gate.DEFAULT, snapshots)).isEqualTo(expected);
    byte[] bytes = Files.readAllBytes(cacheFile());
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(cacheFile(), bytes);

    assertThat(verdicts(Gate.DEFAULT, snapshots)).isEqualTo(expected);
    assertThat(warnings)
        .singleElement()
        .asString()
        .startsWith("ignored the report cache " + cacheFile())
        .contains("failed authentication");

    warnings.clear();
    assertThat(verdicts(Gate.DEFAULT, snapshots)).isEqualTo(expected);
    assertThat(warnings).isEmpty();
    assertThat(Files.readAllBytes(cacheFile())).isNotEqualTo(bytes);
  }

  @Test
  void theReportCacheOfAnotherRepositoryDoesNotOpen() throws IOException {
    SastRepository other = new SastRepository();
    other.repo().cacheSnapshotsIn(cacheRoot, warnings::add);
    other.ingest("shop", "v1", graded(result("low").fingerprint("a")));
    List<Snapshot> snapshots = List.of(snapshot(1, SastRepository.START, "db", V1));
    PostureBook.forVerdicts(other.repo(), snapshots);
    Path otherFile =
        cacheRoot.resolve(other.repo().config().repositoryId()).resolve(ReportMarksCache.FILE_NAME);
    sast.ingest("shop", "v1", graded(result("high").fingerprint("a")));
    Files.createDirectories(cacheFile().getParent());
    Files.copy(otherFile, cacheFile(), StandardCopyOption.REPLACE_EXISTING);

    assertThat(verdictsOf(snapshots)).containsExactly(Verdict.VULNERABLE);
    assertThat(warnings).singleElement().asString().contains("failed authentication");
  }

  @Test
  void aReportThatDoesNotOpenIsNeverCachedAndKeepsItsVersionUnknown() {
    sast.ingest("shop", "v1", graded(result("low").fingerprint("a")));
    sast.damage(sast.only(BlobKind.REPORT));
    List<Snapshot> snapshots = List.of(snapshot(1, SastRepository.START, "db", V1));

    for (int round = 0; round < 2; round++) {
      PostureBook book = PostureBook.forVerdicts(sast.repo(), snapshots);
      assertThat(book.unreadable()).as("round %d", round).hasSize(1);
      assertThat(book.judge(Gate.DEFAULT, sast.clock().instant()).of(snapshots))
          .extracting(SnapshotPosture::verdict)
          .as("round %d", round)
          .containsExactly(Verdict.UNKNOWN);
    }
    assertThat(cacheFile()).doesNotExist();
  }

  @Test
  void withoutALocalCacheNothingIsWritten() throws IOException {
    SastRepository uncached = new SastRepository();
    uncached.ingest("shop", "v1", graded(result("high").fingerprint("a")));
    List<Snapshot> snapshots = List.of(snapshot(1, SastRepository.START, "db", V1));

    assertThat(
            PostureBook.forVerdicts(uncached.repo(), snapshots)
                .judge(Gate.DEFAULT, uncached.clock().instant())
                .of(snapshots))
        .isEqualTo(uncached.judge(Gate.DEFAULT, snapshots).of(snapshots));
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aBookForVerdictsDoesNotHandOutFindings() {
    sast.ingest("shop", "v1", graded(result("high").fingerprint("a")));
    PostureBook book =
        PostureBook.forVerdicts(sast.repo(), List.of(snapshot(1, SastRepository.START, "db", V1)));

    assertThatThrownBy(() -> book.findings(V1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("load it with load or loadAll");
    assertThatThrownBy(book::versions).isInstanceOf(IllegalStateException.class);
  }

  private List<SnapshotPosture> verdicts(Gate gate, List<Snapshot> snapshots) {
    return PostureBook.forVerdicts(sast.repo(), snapshots)
        .judge(gate, sast.clock().instant())
        .of(snapshots);
  }

  private List<Verdict> verdictsOf(List<Snapshot> snapshots) {
    return verdicts(Gate.DEFAULT, snapshots).stream().map(SnapshotPosture::verdict).toList();
  }

  private Path cacheFile() {
    return cacheRoot
        .resolve(sast.repo().config().repositoryId())
        .resolve(ReportMarksCache.FILE_NAME);
  }

  /**
   * A report of up to 12 results of four rules over few fingerprints (so findings repeat within and
   * across reports), each rule of a severity drawn for this report (so a finding's reports may
   * disagree on it), some suppressed, some absent from the baseline.
   */
  private static SarifText randomReport(Random random) {
    Severity[] severities = Severity.values();
    SarifText.Run run = run("T");
    for (int k = 0; k < 4; k++) {
      run.rule("r" + k, severities[random.nextInt(severities.length)]);
    }
    int n = random.nextInt(13);
    SarifText.Result[] results = new SarifText.Result[n];
    for (int i = 0; i < n; i++) {
      SarifText.Result r = result("r" + random.nextInt(4)).fingerprint("f" + random.nextInt(4));
      if (random.nextInt(5) == 0) {
        r.suppressed();
      }
      if (random.nextInt(5) == 0) {
        r.baseline("absent");
      }
      results[i] = r;
    }
    return SarifText.report().run(run.results(results));
  }
}
