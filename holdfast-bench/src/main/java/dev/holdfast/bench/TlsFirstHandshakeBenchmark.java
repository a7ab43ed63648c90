package dev.holdfast.bench;

import dev.holdfast.bench.TlsPeers.Handshake;
import dev.holdfast.tls.ca.KeyAlgorithm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * The first handshake of a fresh JVM, as every {@code holdfast} command that reaches a server makes
 * it: the TLS and elliptic-curve code still interpreted, nothing compiled yet (one shot per fork;
 * {@link TlsHandshakeBenchmark} has the cost once warm). The certificates are issued by another
 * JVM, as {@code holdfast tls issue} would; this one only reads them into its contexts before the
 * handshake.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(10)
public class TlsFirstHandshakeBenchmark {
  @Param({"ecdsa-p256", "rsa-3072"})
  String keyAlgorithm;

  private Path dir;
  private TlsPeers peers;

  @Setup
  public void setUp() throws IOException, InterruptedException {
    dir = Files.createTempDirectory("holdfast-tls-bench");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process issuing =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                TlsPeers.class.getName(),
                dir.toString(),
                KeyAlgorithm.parse(keyAlgorithm).id())
            .inheritIO()
            .start();
    if (issuing.waitFor() != 0) {
      throw new IllegalStateException("issuing the certificates failed");
    }
    peers = TlsPeers.open(dir);
  }

  /** Key exchange, both certificates sent and checked, in a JVM that has done none before. */
  @Benchmark
  public Handshake first() throws SSLException {
    return peers.handshake(true);
  }

  @TearDown
  public void tearDown() {
    TlsHandshakeBenchmark.deleteTree(dir);
  }
}
