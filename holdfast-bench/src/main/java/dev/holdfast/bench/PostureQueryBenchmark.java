package dev.holdfast.bench;

import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.SnapshotStore;
import dev.holdfast.core.storage.local.LocalBlobStore;
import dev.holdfast.sast.posture.Gate;
import dev.holdfast.sast.posture.PostureBook;
import dev.holdfast.sast.posture.SnapshotPosture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code holdfast posture} asks of the engine once the repository is open: list 10,000
 * snapshots, read what their 200 application versions' reports say, and judge every snapshot under
 * the default gate. The repository is the benchmark history ({@link PostureHistoryGenerator}) on
 * local disk, opened once; {@code cache} is {@code none} (every manifest and report read from the
 * repository, as {@code --no-cache}) or {@code warm} (the CLI's local cache, filled by a first
 * query). Scores are milliseconds per query; rendering the result is not included.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx1g"})
public class PostureQueryBenchmark {
  private static final char[] PASSPHRASE = "benchmark-only".toCharArray();

  @Param({"none", "warm"})
  public String cache;

  private Path dir;
  private Repository repo;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("posture-query-bench");
    Path repoDir = dir.resolve("repo");
    new PostureHistoryGenerator(PostureHistoryGenerator.Params.defaults())
        .generate(repoDir, PASSPHRASE);
    repo =
        Repository.open(
            LocalBlobStore.open(repoDir),
            PASSPHRASE,
            Clock.fixed(PostureHistoryGenerator.END, ZoneOffset.UTC));
    if (cache.equals("warm")) {
      repo.cacheSnapshotsIn(
          dir.resolve("cache"),
          warning -> {
            throw new IllegalStateException("cache warning: " + warning);
          });
      postureOfEverySnapshot();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    repo.close();
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  /** The posture of each of 10,000 snapshots, as {@code holdfast posture} computes it. */
  @Benchmark
  public List<SnapshotPosture> postureOfEverySnapshot() {
    List<Snapshot> chosen =
        repo.snapshots().list().snapshots().stream().sorted(SnapshotStore.CHRONOLOGICAL).toList();
    PostureBook book = PostureBook.forVerdicts(repo, chosen);
    return book.judge(Gate.DEFAULT, repo.clock().instant()).of(chosen);
  }
}
