package dev.holdfast.server.remote;

import static dev.holdfast.server.testing.TestServer.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.ForwardingBlobStore;
import dev.holdfast.core.storage.Retention;
import dev.holdfast.core.testing.CuttingProxy;
import dev.holdfast.core.testing.ObjectLockStore;
import dev.holdfast.server.ServerLimits;
import dev.holdfast.server.metrics.MetricsEndpoint;
import dev.holdfast.server.metrics.ServerMetrics;
import dev.holdfast.server.testing.CountingTls;
import dev.holdfast.server.testing.MetricsScrape;
import dev.holdfast.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the client does beyond the storage contract: object lock, being closed, keeping its
 * connections and TLS sessions, and streaming ranged reads (the first bytes reach the reader before
 * the server has read the rest; one request a range; a connection kept after a stream read to its
 * end and dropped after one abandoned; an answer cut short, by the server or the network, failing a
 * read rather than ending it).
 */
class RemoteBlobStoreTest {
  private static final Retention THIRTY_DAYS = Retention.ofDays(Retention.Mode.COMPLIANCE, 30);
  private static final BlobName PACK = new BlobName(BlobKind.PACK, "5e".repeat(32));
  private static final BlobName INDEX = new BlobName(BlobKind.INDEX, "1d".repeat(32));

  /** Three of the server's read windows and a bit: the server sends it in four parts. */
  private static final int PACK_SIZE = 3 * ServerLimits.READ_WINDOW + 4321;

  @TempDir Path tmp;

  private final byte[] packBytes = new byte[PACK_SIZE];
  private TestServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void objectLockOnStorageThatCannotKeepItIsAUsageError() {
    server = TestServer.start(tmp);
    RemoteBlobStore client = server.client(ADMIN);

    assertThat(client.describe().objectLock()).isFalse();
    assertThatThrownBy(() -> client.withRetention(THIRTY_DAYS))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("cannot keep blobs immutable")
        .hasMessageContaining(client.location());
  }

  @Test
  void aRetentionViewSendsItsRetentionWithEveryDataBlob() {
    RecordingRetention storage = new RecordingRetention();
    server = start(storage::around);
    RemoteBlobStore client = server.client(ADMIN);
    assertThat(client.describe().objectLock()).isTrue();
    BlobName pack = new BlobName(BlobKind.PACK, "ab".repeat(32));
    BlobName lock = new BlobName(BlobKind.LOCK, "cd".repeat(32));

    BlobStore locked = client.withRetention(THIRTY_DAYS);
    assertThat(locked.streamsRanges()).as("the view streams as its store does").isTrue();
    assertThat(locked.putIfAbsent(pack, new byte[] {1})).isTrue();
    assertThat(locked.putIfAbsent(lock, new byte[] {2})).isTrue();

    assertThat(storage.applied).containsExactly(Map.entry(pack, THIRTY_DAYS));
    assertThat(client.get(lock)).containsExactly(2);
  }

  @Test
  void theStoragesRetentionDateIsReportedAndItsRefusalToDeleteIsPermanent() {
    Instant until = Instant.parse("2099-01-01T00:00:00Z");
    BlobName snapshot = new BlobName(BlobKind.SNAPSHOT, "ef01");
    server = start(local -> new ObjectLockStore(local, Clock.systemUTC()).lock(snapshot, until));
    RemoteBlobStore client = server.client(ADMIN);
    client.putIfAbsent(snapshot, new byte[] {3});

    assertThat(client.retainedUntil(snapshot)).contains(until);
    assertThat(client.retainedUntil(new BlobName(BlobKind.SNAPSHOT, "ef02"))).isEmpty();
    assertThatThrownBy(() -> client.delete(snapshot))
        .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isTrue());
    assertThat(client.stat(snapshot)).isPresent();
  }

  @Test
  void aClosedStoreFailsAtOnce() {
    server = TestServer.start(tmp);
    RemoteBlobStore client = server.client(ADMIN);
    BlobStore view = client;
    client.close();

    assertThatThrownBy(() -> view.stat(BlobName.CONFIG))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void requestsOneAfterAnotherShareOneConnection() {
    server = TestServer.start(tmp);
    CountingTls tls = CountingTls.over(server.tls(ADMIN));
    RemoteBlobStore client = server.client(tls, TestServer.MAIN);
    byte[] large = new byte[3 << 20]; // asks to continue first
    new Random(5).nextBytes(large);

    for (int i = 0; i < 10; i++) {
      BlobName pack = new BlobName(BlobKind.PACK, String.format("%064x", i));
      assertThat(client.putIfAbsent(pack, large)).isTrue();
      assertThat(client.stat(pack)).isPresent();
      assertThat(client.getRange(pack, 1 << 20, 100))
          .isEqualTo(Arrays.copyOfRange(large, 1 << 20, (1 << 20) + 100));
      assertThat(client.get(pack)).isEqualTo(large);
      assertThatThrownBy(() -> client.get(new BlobName(BlobKind.PACK, "ff".repeat(32))))
          .isInstanceOf(NoSuchBlob.class);
    }
    assertThat(client.list(BlobKind.PACK)).hasSize(10);

    assertThat(tls.sockets()).as("connections made for 51 requests").hasSize(1);

    // A large upload refused before its body was sent leaves an unread answer on its connection,
    // which is therefore closed; the next request makes a new one.
    BlobName first = new BlobName(BlobKind.PACK, String.format("%064x", 0));
    assertThat(client.putIfAbsent(first, large)).as("exists").isFalse();
    assertThat(client.get(first)).isEqualTo(large);
    assertThat(tls.sockets()).hasSize(2);
  }

  @Test
  void aNewConnectionResumesTheTlsSessionOfAnEarlierOne() throws Exception {
    server = TestServer.start(tmp);
    CountingTls tls = CountingTls.over(server.tls(ADMIN));
    server.client(tls, TestServer.MAIN).stat(BlobName.CONFIG);
    // Another store keeps its own connections: its first request needs a new one.
    server.client(tls, TestServer.MAIN).stat(BlobName.CONFIG);

    List<SSLSocket> sockets = tls.sockets();
    assertThat(sockets).hasSize(2);
    SSLSession first = sockets.get(0).getSession();
    SSLSession second = sockets.get(1).getSession();
    assertThat(second.getProtocol()).isEqualTo("TLSv1.3");
    // A resumed session keeps the time of the full handshake that made it; a new one has its own.
    assertThat(second.getCreationTime()).as("resumed").isEqualTo(first.getCreationTime());
    assertThat(second.getPeerCertificates()).isEqualTo(first.getPeerCertificates());
  }

  @Test
  void aStreamedRangeIsOneRequestToTheServer() throws Exception {
    startWithPack(UnaryOperator.identity());
    RemoteBlobStore client = server.client(ADMIN);
    assertThat(client.streamsRanges()).isTrue();
    try (MetricsEndpoint endpoint =
        MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", 0), server.metrics().registry())) {
      URI metrics = URI.create("http://127.0.0.1:" + endpoint.port() + MetricsEndpoint.PATH);
      MetricsScrape before = MetricsScrape.of(metrics);
      long from = 5;
      long length = PACK_SIZE - 10;

      try (InputStream in = client.openRange(PACK, from, length)) {
        assertThat(in.readAllBytes())
            .isEqualTo(Arrays.copyOfRange(packBytes, (int) from, (int) (from + length)));
      }

      double total = before.sum(ServerMetrics.REQUESTS) + 1;
      MetricsScrape after =
          MetricsScrape.until(
              metrics,
              s -> s.sum(ServerMetrics.REQUESTS) >= total && s.sum(ServerMetrics.IN_FLIGHT) == 0,
              Duration.ofSeconds(30));
      assertThat(after.sum(ServerMetrics.REQUESTS)).as(after.text()).isEqualTo(total);
      String[] readOk = {"repository", "main", "operation", "read", "outcome", "ok"};
      assertThat(after.sum(ServerMetrics.REQUESTS, readOk))
          .isEqualTo(before.sum(ServerMetrics.REQUESTS, readOk) + 1);
      assertThat(after.sum(ServerMetrics.SENT_BYTES, "repository", "main"))
          .isEqualTo(before.sum(ServerMetrics.SENT_BYTES, "repository", "main") + length);
    }
  }

  @Test
  void aStreamReadToItsEndKeepsItsConnectionAndOneAbandonedDropsIt() throws IOException {
    startWithPack(UnaryOperator.identity());
    CountingTls tls = CountingTls.over(server.tls(ADMIN));
    RemoteBlobStore client = server.client(tls, TestServer.MAIN);
    byte[] index = server.store(TestServer.MAIN).get(INDEX);

    try (InputStream in = client.openRange(PACK, 100, 5000)) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(packBytes, 100, 5100));
    }
    assertThat(client.get(INDEX)).isEqualTo(index);
    assertThat(tls.sockets()).as("the stream's connection served the next request").hasSize(1);

    try (InputStream in = client.openRange(PACK, 0, PACK_SIZE)) {
      assertThat(in.readNBytes(1000)).isEqualTo(Arrays.copyOf(packBytes, 1000));
    }
    assertThat(client.get(INDEX)).isEqualTo(index);
    assertThat(tls.sockets())
        .as("the abandoned stream's connection, with megabytes unread, was not reused")
        .hasSize(2);
    assertThat(client.getRange(PACK, PACK_SIZE - 10, 10))
        .isEqualTo(Arrays.copyOfRange(packBytes, PACK_SIZE - 10, PACK_SIZE));
    assertThat(tls.sockets()).hasSize(2);
  }

  @Test
  void theFirstBytesReachTheReaderWhileTheServerStillHoldsBackTheRest() throws IOException {
    CountDownLatch firstBytesRead = new CountDownLatch(1);
    // The server reads its second window only once the reader has the first bytes: a client that
    // waited for the whole range before handing out a byte would wait in vain (until the bound).
    startWithPack(beforeSecondWindow(() -> awaitOrFail(firstBytesRead)));
    RemoteBlobStore client = server.client(ADMIN);

    try (InputStream in = client.openRange(PACK, 0, PACK_SIZE)) {
      assertThat(in.readNBytes(1000)).isEqualTo(Arrays.copyOf(packBytes, 1000));
      firstBytesRead.countDown();
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(packBytes, 1000, PACK_SIZE));
    }
  }

  @Test
  void anAnswerCutShortByTheServerFailsAReadInsteadOfEndingEarly() throws IOException {
    // The server's storage fails after the first window: the server has sent that window and
    // cuts the answer.
    startWithPack(
        beforeSecondWindow(
            () -> {
              throw new StorageUnavailable("disk gone", false, null);
            }));
    RemoteBlobStore client = server.client(ADMIN);

    assertThat(readUntilCut(client)).hasSizeLessThan(PACK_SIZE);
    assertThat(client.getRange(PACK, 10, 100)).isEqualTo(Arrays.copyOfRange(packBytes, 10, 110));
  }

  @Test
  void aConnectionCutInTheMiddleOfAnAnswerFailsAReadInsteadOfEndingEarly() throws IOException {
    startWithPack(UnaryOperator.identity());
    // A megabyte of the server's bytes: the handshake, the headers and part of the body.
    try (CuttingProxy proxy = CuttingProxy.to("127.0.0.1", server.server().port());
        RemoteBlobStore client =
            RemoteBlobStore.open(
                RemoteStoreLocation.parse(proxy.endpoint("https") + "/main"),
                server.tls(ADMIN),
                RemoteOptions.defaults())) {
      proxy.cutResponsesAfter(1 << 20, CuttingProxy.Cut.RESET);

      assertThat(readUntilCut(client)).hasSizeLessThan(1 << 20);
      proxy.passThrough();
      assertThat(client.getRange(PACK, 10, 100)).isEqualTo(Arrays.copyOfRange(packBytes, 10, 110));
    }
  }

  @Test
  void closingTheStoreStopsItsStreams() throws IOException {
    startWithPack(UnaryOperator.identity());
    RemoteBlobStore client = server.client(ADMIN);

    try (InputStream in = client.openRange(PACK, 0, PACK_SIZE)) {
      assertThat(in.readNBytes(10)).isEqualTo(Arrays.copyOf(packBytes, 10));
      client.close();

      assertThatThrownBy(in::read)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }
    assertThatThrownBy(() -> client.openRange(PACK, 0, 10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  /**
   * Reads the whole pack as a stream until a read fails as a transfer cut short does (transient,
   * naming the blob, the place and how much arrived), and returns what arrived before.
   */
  private byte[] readUntilCut(RemoteBlobStore client) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    try (InputStream in = client.openRange(PACK, 0, PACK_SIZE)) {
      byte[] step = new byte[64 * 1024];
      assertThatThrownBy(
              () -> {
                for (int n = in.read(step); n >= 0; n = in.read(step)) {
                  received.write(step, 0, n);
                }
              })
          .isInstanceOfSatisfying(
              StorageUnavailable.class, e -> assertThat(e.permanent()).isFalse())
          .hasMessageContaining(PACK.path())
          .hasMessageContaining(client.location())
          .hasMessageContaining(
              "the server sent " + received.size() + " of " + PACK_SIZE + " bytes");
      assertThatThrownBy(in::read)
          .as("a broken stream stays broken")
          .isInstanceOf(StorageUnavailable.class);
    }
    byte[] arrived = received.toByteArray();
    assertThat(arrived).isEqualTo(Arrays.copyOf(packBytes, arrived.length));
    return arrived;
  }

  /** Waits for {@code latch}, failing the storage read if it is not released within the bound. */
  private static void awaitOrFail(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) { // a bound against hanging, not a timing check
        throw new StorageUnavailable("no byte reached the reader", false, null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageUnavailable("interrupted", false, e);
    }
  }

  /**
   * Starts the server, its main store wrapped by {@code wrapMain}, holding a pack of {@link
   * #PACK_SIZE} random bytes ({@link #packBytes}) and a small index.
   */
  private void startWithPack(UnaryOperator<BlobStore> wrapMain) {
    server = start(wrapMain);
    Random random = new Random(23);
    random.nextBytes(packBytes);
    byte[] index = new byte[2000];
    random.nextBytes(index);
    server.store(TestServer.MAIN).putIfAbsent(PACK, packBytes);
    server.store(TestServer.MAIN).putIfAbsent(INDEX, index);
  }

  /** Storage that does {@code action} before it reads the pack's second window for the server. */
  private static UnaryOperator<BlobStore> beforeSecondWindow(Runnable action) {
    return local ->
        new ForwardingBlobStore(local) {
          @Override
          public byte[] getRange(BlobName name, long offset, int length) {
            if (name.equals(PACK) && offset >= ServerLimits.READ_WINDOW) {
              action.run();
            }
            return super.getRange(name, offset, length);
          }
        };
  }

  private TestServer start(UnaryOperator<BlobStore> wrapMain) {
    return TestServer.start(tmp, ServerLimits.defaults(), wrapMain);
  }

  /** Storage with object lock that records which blob was stored under which retention. */
  private static final class RecordingRetention {
    final Map<BlobName, Retention> applied = new ConcurrentHashMap<>();

    BlobStore around(BlobStore inner) {
      return view(inner, Optional.empty());
    }

    private BlobStore view(BlobStore inner, Optional<Retention> retention) {
      return new ForwardingBlobStore(inner) {
        @Override
        public boolean putIfAbsent(BlobName name, byte[] data, int offset, int length) {
          boolean stored = super.putIfAbsent(name, data, offset, length);
          if (stored && retention.isPresent() && Retention.appliesTo(name.kind())) {
            applied.put(name, retention.get());
          }
          return stored;
        }

        @Override
        public BlobStore withRetention(Retention newRetention) {
          return view(inner, Optional.of(newRetention));
        }
      };
    }
  }
}
