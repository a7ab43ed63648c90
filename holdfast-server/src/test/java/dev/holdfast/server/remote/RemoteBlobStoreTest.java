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
import dev.holdfast.core.testing.ObjectLockStore;
import dev.holdfast.server.ServerLimits;
import dev.holdfast.server.testing.CountingTls;
import dev.holdfast.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the client does beyond the storage contract: object lock, being closed, and keeping its
 * connections and TLS sessions.
 */
class RemoteBlobStoreTest {
  private static final Retention THIRTY_DAYS = Retention.ofDays(Retention.Mode.COMPLIANCE, 30);

  @TempDir Path tmp;

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
