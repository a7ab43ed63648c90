package dev.holdfast.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.Retention;
import dev.holdfast.core.testing.CuttingProxy;
import dev.holdfast.s3.testing.LocalS3;
import dev.holdfast.s3.testing.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What S3 adds to the contract of {@code openRange}, against a real S3Proxy behind a loopback proxy
 * that breaks connections: a transfer cut short fails a read (never ends the stream early), and a
 * stream closed early drops its connection instead of reading the rest.
 */
class S3RangeStreamTest {
  @RegisterExtension static final LocalS3 S3 = new LocalS3();

  private static final int MIB = 1024 * 1024;
  private static final long CUT_AFTER = 64 * 1024;

  @ParameterizedTest(name = "cut by {0}")
  @EnumSource(CuttingProxy.Cut.class)
  void aBodyCutShortMidStreamFailsTheReadInsteadOfEnding(CuttingProxy.Cut how) throws IOException {
    Stored stored = Stored.blob(30, MIB);
    byte[] data = stored.data();
    BlobName pack = stored.name();
    S3Location location = stored.location();
    int from = 1000;
    int length = data.length - from;

    try (CuttingProxy proxy = CuttingProxy.to(S3.server().endpoint());
        S3BlobStore store = S3BlobStore.open(route(proxy, location), S3.options())) {
      proxy.cutResponsesAfter(CUT_AFTER, how);
      ByteArrayOutputStream arrived = new ByteArrayOutputStream();
      try (InputStream in = store.openRange(pack, from, length)) {
        assertThatThrownBy(() -> in.transferTo(arrived))
            .isInstanceOfSatisfying(
                StorageUnavailable.class, e -> assertThat(e.permanent()).isFalse())
            .hasMessageContaining("reading " + pack.path())
            .hasMessageContaining(route(proxy, location).toString())
            .hasMessageContaining(arrived.size() + " of " + length + " bytes")
            .hasMessageNotContaining(S3ProxyServer.SECRET_KEY);
      }
      assertThat(arrived.size()).isLessThan((int) CUT_AFTER);
      assertThat(arrived.toByteArray())
          .as("the bytes that did arrive are the blob's")
          .isEqualTo(Arrays.copyOfRange(data, from, from + arrived.size()));

      proxy.passThrough();
      try (InputStream in = store.openRange(pack, from, length)) {
        assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, from, data.length));
      }
    }
  }

  @Test
  void wholeAndRangedReadsCutShortAreTransientFailuresNotShortResults() {
    Stored stored = Stored.blob(31, MIB);
    byte[] data = stored.data();
    BlobName pack = stored.name();
    S3Location location = stored.location();

    try (CuttingProxy proxy = CuttingProxy.to(S3.server().endpoint());
        S3BlobStore store = S3BlobStore.open(route(proxy, location), S3.options())) {
      proxy.cutResponsesAfter(CUT_AFTER, CuttingProxy.Cut.CLOSE);
      assertThatThrownBy(() -> store.get(pack))
          .isInstanceOfSatisfying(
              StorageUnavailable.class, e -> assertThat(e.permanent()).isFalse())
          .hasMessageContaining("reading " + pack.path())
          .hasMessageContaining(" of " + data.length + " bytes");
      assertThatThrownBy(() -> store.getRange(pack, 10, data.length - 20))
          .isInstanceOfSatisfying(
              StorageUnavailable.class, e -> assertThat(e.permanent()).isFalse())
          .hasMessageContaining("reading " + pack.path())
          .hasMessageContaining(" of " + (data.length - 20) + " bytes");
    }
  }

  /**
   * Observed through the connections the client opens: a stream read to its end hands its
   * connection to the next request, one closed early is dropped (aborted) rather than read to its
   * end so that it could be reused.
   */
  @Test
  void aStreamClosedEarlyDropsItsConnectionWhileOneReadToItsEndKeepsIt() throws IOException {
    Stored stored = Stored.blob(32, 4 * MIB);
    byte[] data = stored.data();
    BlobName pack = stored.name();
    S3Location location = stored.location();

    try (CuttingProxy proxy = CuttingProxy.to(S3.server().endpoint());
        S3BlobStore store = S3BlobStore.open(route(proxy, location), S3.options())) {
      try (InputStream in = store.openRange(pack, 0, data.length)) {
        assertThat(in.readAllBytes()).isEqualTo(data);
      }
      assertThat(store.getRange(pack, 5, 10)).isEqualTo(Arrays.copyOfRange(data, 5, 15));
      assertThat(proxy.connections()).as("a stream read to its end reuses").isEqualTo(1);

      try (InputStream in = store.openRange(pack, 10, data.length - 10)) {
        assertThat(in.readNBytes(1000)).isEqualTo(Arrays.copyOfRange(data, 10, 1010));
      }
      assertThat(store.getRange(pack, 5, 10)).isEqualTo(Arrays.copyOfRange(data, 5, 15));
      assertThat(proxy.connections())
          .as("the connection of the stream closed early is not reused")
          .isEqualTo(2);
    }
  }

  @Test
  void theStoreAndItsRetentionViewsStreamRanges() {
    try (S3BlobStore store = S3.newStore("repo")) {
      assertThat(store.streamsRanges()).isTrue();
      assertThat(
              store.withRetention(Retention.ofDays(Retention.Mode.GOVERNANCE, 1)).streamsRanges())
          .isTrue();
    }
  }

  /** A pack of seeded random bytes, stored directly (not through a proxy) in a new bucket. */
  private record Stored(S3Location location, BlobName name, byte[] data) {
    static Stored blob(long seed, int size) {
      Random random = new Random(seed);
      byte[] data = new byte[size];
      random.nextBytes(data);
      byte[] id = new byte[32];
      random.nextBytes(id);
      BlobName name = new BlobName(BlobKind.PACK, HexFormat.of().formatHex(id));
      S3Location location = S3.newBucket("repo");
      try (S3BlobStore direct = S3BlobStore.open(location, S3.options())) {
        direct.putIfAbsent(name, data);
      }
      return new Stored(location, name, data);
    }
  }

  /** {@code location} reached through {@code proxy}. */
  private static S3Location route(CuttingProxy proxy, S3Location location) {
    return new S3Location(
        Optional.of(proxy.endpoint("http")), location.bucket(), location.prefix());
  }
}
