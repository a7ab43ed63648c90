package dev.holdfast.bench;

import dev.holdfast.core.chunking.ChunkerAlgorithm;
import dev.holdfast.core.chunking.ChunkerParams;
import dev.holdfast.core.chunking.FastCdc;
import dev.holdfast.core.chunking.StreamChunker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of content-defined chunking, the hot loop of backup, over 64 MiB of random data with
 * the default sizes, for each algorithm. Scores are in bytes per second: one operation is one byte.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx1g"})
public class ChunkerBenchmark {

  private static final int SIZE = 64 * 1024 * 1024;

  @Param({"FASTCDC_GEAR64_NC2_ZEROCUT", "FASTCDC_GEAR64_NC2"})
  public ChunkerAlgorithm algorithm;

  private byte[] data;
  private FastCdc cdc;
  private StreamChunker chunker;

  @Setup(Level.Trial)
  public void setUp() {
    data = new byte[SIZE];
    new Random(42).nextBytes(data);
    byte[] seed = new byte[32];
    new Random(7).nextBytes(seed);
    cdc = new FastCdc(algorithm, ChunkerParams.DEFAULT, seed);
    chunker = new StreamChunker(cdc);
  }

  /** {@link FastCdc#cut} over an array already in memory: the chunking kernel alone. */
  @Benchmark
  @OperationsPerInvocation(SIZE)
  public int cutArray() {
    int chunks = 0;
    int off = 0;
    while (off < data.length) {
      off += cdc.cut(data, off, data.length - off);
      chunks++;
    }
    return chunks;
  }

  /** {@link StreamChunker} over an in-memory stream: the kernel plus buffering and copying. */
  @Benchmark
  @OperationsPerInvocation(SIZE)
  public long splitStream(Blackhole bh) throws IOException {
    return chunker.split(new ByteArrayInputStream(data), (buf, off, len) -> bh.consume(len));
  }
}
