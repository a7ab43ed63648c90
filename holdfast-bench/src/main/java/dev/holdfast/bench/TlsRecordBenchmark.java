package dev.holdfast.bench;

import dev.holdfast.bench.TlsPeers.Handshake;
import dev.holdfast.tls.ca.KeyAlgorithm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
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
 * What TLS itself costs per byte once connected: {@code size} bytes sealed into records by the
 * server's engine and opened by the client's (TLS 1.3, AES-256-GCM, both in one thread; MB/s =
 * ops/s x size / 10^6). This is the floor of what the repository server path adds to a local
 * restore or backup, before HTTP, copies and the JVM warming up.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TlsRecordBenchmark {
  @Param({"4194304"})
  int size;

  private Path dir;
  private TlsPeers peers;
  private Handshake connection;
  private ByteBuffer data;
  private final ByteBuffer received = ByteBuffer.allocate(64 * 1024);

  @Setup
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("holdfast-tls-bench");
    peers = TlsPeers.issue(dir, KeyAlgorithm.ECDSA_P256);
    connection = peers.handshake(true);
    byte[] bytes = new byte[size];
    new Random(1).nextBytes(bytes);
    data = ByteBuffer.wrap(bytes);
  }

  /** {@code size} bytes from the server to the client, sealed and opened. */
  @Benchmark
  public int serverToClient() throws SSLException {
    data.clear();
    int read = peers.serverSends(connection, data, received);
    if (read != size) {
      throw new IllegalStateException("the client read " + read + " of " + size + " bytes");
    }
    return read;
  }

  @TearDown
  public void tearDown() {
    TlsHandshakeBenchmark.deleteTree(dir);
  }
}
