package dev.holdfast.bench;

import dev.holdfast.bench.TlsPeers.Handshake;
import dev.holdfast.tls.ca.KeyAlgorithm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * What one mutual-TLS handshake between a Holdfast client and server costs (both sides' CPU, in one
 * thread), full and resumed from the client's session cache (TLS 1.3 pre-shared key from the
 * server's session ticket), with certificates and contexts as {@code holdfast tls issue} and {@code
 * --tls-dir} make them, for each key algorithm the authority offers. A "resumed" handshake that did
 * not resume, or a "full" one that did, fails the run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TlsHandshakeBenchmark {
  @Param({"ecdsa-p256", "rsa-3072"})
  String keyAlgorithm;

  private Path dir;
  private TlsPeers peers;
  private Handshake first;

  @Setup
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("holdfast-tls-bench");
    peers = TlsPeers.issue(dir, KeyAlgorithm.parse(keyAlgorithm));
    first = peers.handshake(true);
    Handshake again = peers.handshake(true);
    if (!again.resumed(first)
        || again.serverBytes() + peers.serverCertificateBytes() > first.serverBytes()) {
      throw new IllegalStateException(
          "a second handshake naming the same server did not resume the first one's session ("
              + again.serverBytes()
              + " bytes from the server against "
              + first.serverBytes()
              + ")");
    }
  }

  /** A handshake with nothing to resume: key exchange, both certificates sent and checked. */
  @Benchmark
  public Handshake full() throws SSLException {
    Handshake handshake = peers.handshake(false);
    if (handshake.resumed(first)) {
      throw new IllegalStateException("a client that names no server resumed a session");
    }
    return handshake;
  }

  /** A handshake resuming the cached session: key exchange, no certificates. */
  @Benchmark
  public Handshake resumed() throws SSLException {
    Handshake handshake = peers.handshake(true);
    if (!handshake.resumed(first)) {
      throw new IllegalStateException(
          "the handshake did not resume the cached session: resumption is not working");
    }
    return handshake;
  }

  @TearDown
  public void tearDown() {
    deleteTree(dir);
  }

  /** Deletes {@code dir} and everything in it. */
  static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(TlsHandshakeBenchmark::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
