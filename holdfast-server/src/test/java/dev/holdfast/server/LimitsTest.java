package dev.holdfast.server;

import static dev.holdfast.server.testing.TestServer.AGENT;
import static dev.holdfast.server.testing.TestServer.RESTORER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.ForwardingBlobStore;
import dev.holdfast.server.testing.TestServer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded concurrency: an identity beyond its own limit gets 429, and a request beyond the server's
 * limit and queue gets 503, both of which the client reports as transient (the retry layer waits
 * and tries again). A request is held inside the server by a gate, not by timing.
 */
class LimitsTest {
  private static final BlobName GATED = new BlobName(BlobKind.SNAPSHOT, "6a7e");
  private static final BlobName OPEN = new BlobName(BlobKind.SNAPSHOT, "09e2");

  @TempDir Path tmp;

  private final Gate gate = new Gate();
  private TestServer server;

  @AfterEach
  void stop() throws Exception {
    gate.release.countDown();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void anIdentityBeyondItsLimitGets429WhileOthersAreServed() throws Exception {
    server = start(ServerLimits.defaults().withRequests(8, 8, 1));
    CompletableFuture<Optional<BlobInfo>> held =
        CompletableFuture.supplyAsync(() -> server.client(AGENT).stat(GATED));
    assertThat(gate.entered.await(1, TimeUnit.MINUTES)).isTrue(); // a bound against hanging

    assertThatThrownBy(() -> server.client(AGENT).stat(OPEN))
        .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isFalse())
        .hasMessageContaining("429 too-many-requests")
        .hasMessageContaining(AGENT.value());
    assertThat(server.client(RESTORER).stat(OPEN)).isEmpty();

    gate.release.countDown();
    assertThat(held.get(1, TimeUnit.MINUTES)).isEmpty();
    assertThat(server.client(AGENT).stat(OPEN)).as("once the first finished").isEmpty();
  }

  @Test
  void aRequestBeyondTheServerLimitAndQueueGets503() throws Exception {
    server = start(ServerLimits.defaults().withRequests(1, 0, 8));
    CompletableFuture<Optional<BlobInfo>> held =
        CompletableFuture.supplyAsync(() -> server.client(AGENT).stat(GATED));
    assertThat(gate.entered.await(1, TimeUnit.MINUTES)).isTrue();

    assertThatThrownBy(() -> server.client(RESTORER).stat(OPEN))
        .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isFalse())
        .hasMessageContaining("503");

    gate.release.countDown();
    assertThat(held.get(1, TimeUnit.MINUTES)).isEmpty();
    assertThat(server.client(RESTORER).stat(OPEN)).isEmpty();
  }

  private TestServer start(ServerLimits limits) {
    return TestServer.start(tmp, limits, gate::around);
  }

  /** Holds every stat of {@link #GATED} inside the store until released. */
  private static final class Gate {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    BlobStore around(BlobStore inner) {
      return new ForwardingBlobStore(inner) {
        @Override
        public Optional<BlobInfo> stat(BlobName name) {
          if (name.equals(GATED)) {
            entered.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return super.stat(name);
        }
      };
    }
  }
}
