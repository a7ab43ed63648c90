package dev.holdfast.bench;

import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import dev.holdfast.core.testing.SnapshotHistories;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.sast.posture.Gate;
import dev.holdfast.sast.posture.PostureBook;
import dev.holdfast.sast.posture.SnapshotPosture;
import dev.holdfast.sast.posture.VersionFindings;
import dev.holdfast.sast.sarif.SarifReader;
import dev.holdfast.sast.store.IngestRequest;
import dev.holdfast.sast.store.IngestResult;
import dev.holdfast.sast.store.ReportStore;
import dev.holdfast.sast.store.SarifIngest;
import dev.holdfast.sast.store.StoredReport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The kernels behind {@code holdfast posture} and {@code holdfast sast ingest}, in memory (no disk,
 * no process start): judging 10,000 snapshots against a loaded book, loading that book (opening,
 * decoding and deduplicating 181 reports of 200 findings), deduplicating one 100,000-finding
 * report, and ingesting it (parse, normalise, stage compressed, seal; the store already holds it,
 * so the final put writes nothing). Scores are milliseconds per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx1g"})
public class PostureBenchmark {
  private static final int LARGE_REPORT = SarifGenerator.DEFAULT_RESULTS;
  private static final AppVersion LARGE_VERSION = new AppVersion("monolith", "v1");

  private Repository repo;
  private List<Snapshot> snapshots;
  private PostureBook book;
  private Instant now;
  private byte[] largeSarif;
  private StoredReport largeReport;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    repo = TestRepositories.init(new InMemoryBlobStore());
    PostureHistoryGenerator history =
        new PostureHistoryGenerator(PostureHistoryGenerator.Params.defaults());
    history.ingestReports(repo);
    snapshots = history.snapshots(SnapshotHistories.NO_TREE);
    book = PostureBook.forSnapshots(repo, snapshots);
    now = PostureHistoryGenerator.END;

    ByteArrayOutputStream sarif = new ByteArrayOutputStream();
    new SarifGenerator(LARGE_REPORT, 1, false, null).write(sarif);
    largeSarif = sarif.toByteArray();
    ingestLarge();
    largeReport = new ReportStore(repo).of(LARGE_VERSION).reports().get(0);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    repo.close();
  }

  /** A verdict for each of 10,000 snapshots (200 versions, 1-2 per snapshot) from a loaded book. */
  @Benchmark
  public List<SnapshotPosture> judgeTenThousandSnapshots() {
    return book.judge(Gate.DEFAULT, now).of(snapshots);
  }

  /** Reading what posture needs: the reports of the 200 versions, opened and deduplicated. */
  @Benchmark
  public PostureBook loadBookForTenThousandSnapshots() {
    return PostureBook.forSnapshots(repo, snapshots);
  }

  /** Decoding and deduplicating one stored report of 100,000 findings. */
  @Benchmark
  public VersionFindings dedupHundredThousandFindings() {
    return VersionFindings.of(LARGE_VERSION, List.of(largeReport));
  }

  /** Ingesting a 100,000-result SARIF report from memory (everything but the write). */
  @Benchmark
  public IngestResult ingestHundredThousandResults() {
    return ingestLarge();
  }

  private IngestResult ingestLarge() {
    return new SarifIngest(repo, SarifReader.withDefaults())
        .ingest(
            new IngestRequest(
                LARGE_VERSION.name(), Optional.of(LARGE_VERSION.version()), "large.sarif"),
            new ByteArrayInputStream(largeSarif));
  }
}
