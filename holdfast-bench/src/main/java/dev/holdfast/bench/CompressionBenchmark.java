package dev.holdfast.bench;

import dev.holdfast.bench.DatasetGenerator.Buf;
import dev.holdfast.bench.DatasetGenerator.LineSource;
import dev.holdfast.bench.DatasetGenerator.LogLines;
import dev.holdfast.bench.DatasetGenerator.ProseLines;
import dev.holdfast.core.content.Compression;
import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * Throughput of zstd framing ({@link Compression#frame}) of one 1 MiB chunk at the given level
 * (MB/s = ops/s x 1.05), on text (log and prose lines, as the dataset generator writes them) and on
 * random bytes, where compression does not pay and the chunk is stored raw after the attempt.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CompressionBenchmark {
  static final int SIZE = 1024 * 1024;

  @Param({"1", "3"})
  int level;

  @Param({"text", "random"})
  String input;

  private byte[] chunk;
  private Compression compression;

  @Setup
  public void setUp() {
    chunk = "text".equals(input) ? text(SIZE) : random(SIZE);
    compression = new Compression(level);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    compression.close();
  }

  @Benchmark
  public int frame() {
    return compression.frame(chunk, 0, chunk.length).len();
  }

  private static byte[] random(int size) {
    byte[] b = new byte[size];
    new Random(1).nextBytes(b);
    return b;
  }

  private static byte[] text(int size) {
    SplittableRandom pick = new SplittableRandom(1);
    LineSource logs = new LogLines(new SplittableRandom(2), 1_704_067_200_000L);
    LineSource prose = new ProseLines(new SplittableRandom(3));
    Buf b = new Buf();
    while (b.n < size) {
      (pick.nextInt(5) < 3 ? logs : prose).next(b);
    }
    return Arrays.copyOf(b.a, size);
  }
}
