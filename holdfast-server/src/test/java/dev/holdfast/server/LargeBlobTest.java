package dev.holdfast.server;

import static dev.holdfast.server.testing.TestServer.ADMIN;
import static dev.holdfast.server.testing.TestServer.MAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.ForwardingBlobStore;
import dev.holdfast.core.testing.CountingStore;
import dev.holdfast.server.protocol.Resource;
import dev.holdfast.server.remote.RemoteBlobStore;
import dev.holdfast.server.testing.RawHttps;
import dev.holdfast.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large blobs with bounded server memory. An upload to a store that takes streams (a local folder)
 * goes through as a stream; to one that takes whole arrays the server holds it whole, reserving its
 * length in the buffer budget before reading the body, and uploads that do not fit wait. Downloads
 * are read from storage and sent in windows of at most 4 MiB, never as a whole blob.
 */
class LargeBlobTest {
  private static final int SIZE = 64 * 1024 * 1024;

  @TempDir Path tmp;

  private TestServer server;
  private CountingStore reads;
  private PutProbe puts;

  @BeforeEach
  void start() {
    // Room for one 64 MiB upload at a time, not two.
    ServerLimits limits = ServerLimits.defaults().withBlobs(SIZE, SIZE + SIZE / 2);
    server =
        TestServer.start(
            tmp,
            limits,
            local -> {
              puts = new PutProbe(local);
              reads = new CountingStore(puts);
              return reads;
            });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void concurrentLargeUploadsWaitForBufferSpaceAndAllLand() throws Exception {
    Map<BlobName, byte[]> blobs = threeLargeBlobs(new Random(64));

    uploadAtOnce(blobs);

    assertThat(puts.mostAtOnce()).as("uploads held by the server at once").isEqualTo(1);
    for (BlobName name : blobs.keySet()) {
      assertThat(server.store(MAIN).stat(name).orElseThrow().size()).isEqualTo(SIZE);
    }
  }

  @Test
  void concurrentLargeUploadsStreamThroughToAStoreThatTakesStreams() throws Exception {
    puts.streamThrough();
    Map<BlobName, byte[]> blobs = threeLargeBlobs(new Random(66));

    uploadAtOnce(blobs);

    // Each went to storage as a stream, never as an array of its size in the server.
    assertThat(puts.streamed()).as("uploads streamed to storage").isEqualTo(3);
    assertThat(puts.count()).as("uploads held whole").isZero();
    for (Map.Entry<BlobName, byte[]> blob : blobs.entrySet()) {
      byte[] back = server.store(MAIN).get(blob.getKey());
      assertThat(Arrays.mismatch(back, blob.getValue())).as("first differing byte").isEqualTo(-1);
    }
  }

  private static Map<BlobName, byte[]> threeLargeBlobs(Random random) {
    Map<BlobName, byte[]> blobs = new LinkedHashMap<>();
    for (int i = 0; i < 3; i++) {
      byte[] data = new byte[SIZE];
      random.nextBytes(data);
      blobs.put(randomPack(random), data);
    }
    return blobs;
  }

  /** Uploads every blob at the same time, each from a thread of its own, and waits for all. */
  private void uploadAtOnce(Map<BlobName, byte[]> blobs) throws Exception {
    RemoteBlobStore client = server.client(ADMIN);
    ExecutorService uploaders = Executors.newFixedThreadPool(blobs.size());
    try {
      List<Future<Boolean>> stored = new ArrayList<>();
      for (Map.Entry<BlobName, byte[]> blob : blobs.entrySet()) {
        stored.add(uploaders.submit(() -> client.putIfAbsent(blob.getKey(), blob.getValue())));
      }
      for (Future<Boolean> result : stored) {
        assertThat(result.get(5, TimeUnit.MINUTES)).isTrue(); // a bound against hanging only
      }
    } finally {
      uploaders.shutdownNow();
    }
  }

  private static BlobName randomPack(Random random) {
    byte[] name = new byte[32];
    random.nextBytes(name);
    return new BlobName(BlobKind.PACK, HexFormat.of().formatHex(name));
  }

  @Test
  void aLargeDownloadIsReadFromStorageInWindows() {
    Random random = new Random(65);
    byte[] data = new byte[SIZE];
    random.nextBytes(data);
    BlobName name = new BlobName(BlobKind.PACK, "5e".repeat(32));
    assertThat(server.client(ADMIN).putIfAbsent(name, data)).isTrue();
    reads.reset();

    byte[] back = server.client(ADMIN).get(name);

    assertThat(Arrays.mismatch(back, data)).as("first differing byte").isEqualTo(-1);
    List<CountingStore.Read> storageReads = reads.reads(BlobKind.PACK);
    assertThat(storageReads).hasSize(SIZE / ServerLimits.READ_WINDOW);
    assertThat(storageReads)
        .allSatisfy(read -> assertThat(read.length()).isEqualTo(ServerLimits.READ_WINDOW));
  }

  @Test
  void aLargeUploadOfAnExistingNameOrBeyondTheLimitIsAnsweredBeforeItsBodyIsSent() {
    BlobName name = new BlobName(BlobKind.PACK, "7a".repeat(32));
    byte[] data = new byte[SIZE];
    RemoteBlobStore client = server.client(ADMIN);
    assertThat(client.putIfAbsent(name, data)).isTrue();
    int putsBefore = puts.count();

    assertThat(client.putIfAbsent(name, data)).as("the name exists").isFalse();
    byte[] tooLarge = new byte[SIZE + 1];
    assertThatThrownBy(
            () -> client.putIfAbsent(new BlobName(BlobKind.PACK, "7b".repeat(32)), tooLarge))
        .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isTrue())
        .hasMessageContaining("413 too-large")
        .hasMessageContaining("more than this server stores");
    assertThat(puts.count()).as("puts reaching storage").isEqualTo(putsBefore);
  }

  /**
   * A small upload comes without asking to continue, its body on its way: the refusal waits for the
   * body, so that it reaches the client and the connection serves the next request (refused unread,
   * a closing connection can reset the answer away; seen as concurrent puts of one name failing
   * with "Unexpected end of file from server").
   */
  @Test
  void aSmallUploadOfAnExistingNameIsRefusedAfterItsBodyAndKeepsTheConnection() throws Exception {
    BlobName name = new BlobName(BlobKind.PACK, "7c".repeat(32));
    byte[] data = new byte[8 * 1024];
    assertThat(server.client(ADMIN).putIfAbsent(name, data)).isTrue();
    int putsBefore = puts.count();

    String path = new Resource.Blob(MAIN, name).path();
    try (RawHttps http = server.connect(ADMIN)) {
      RawHttps.Answer refused =
          http.exchange(
              "PUT",
              path,
              data,
              Duration.ofMillis(300),
              "If-None-Match: *",
              "Content-Type: application/octet-stream");
      RawHttps.Answer next = http.exchange("HEAD", path, null);

      assertThat(refused.status()).as(refused.text()).isEqualTo(412);
      assertThat(refused.headers()).doesNotContainEntry("connection", "close");
      assertThat(next.status()).as("the next request on the same connection").isEqualTo(200);
    }
    assertThat(puts.count()).as("puts reaching storage").isEqualTo(putsBefore);
  }

  /**
   * Counts the puts in progress in the store, and the most there ever were at once; takes bodies
   * whole (as a store that cannot stream does) until told to stream them through.
   */
  private static final class PutProbe extends ForwardingBlobStore {
    private final AtomicInteger now = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger streamed = new AtomicInteger();
    private volatile boolean streams;

    PutProbe(BlobStore inner) {
      super(inner);
    }

    int mostAtOnce() {
      return most.get();
    }

    int count() {
      return count.get();
    }

    int streamed() {
      return streamed.get();
    }

    void streamThrough() {
      streams = true;
    }

    @Override
    public boolean streamsPuts() {
      return streams && delegate().streamsPuts();
    }

    @Override
    public boolean putIfAbsent(BlobName name, InputStream body, long length) throws IOException {
      if (!streamsPuts()) {
        return BlobStore.readWholeAndPut(this, name, body, length);
      }
      streamed.incrementAndGet();
      return delegate().putIfAbsent(name, body, length);
    }

    @Override
    public boolean putIfAbsent(BlobName name, byte[] data, int offset, int length) {
      count.incrementAndGet();
      most.accumulateAndGet(now.incrementAndGet(), Math::max);
      try {
        return super.putIfAbsent(name, data, offset, length);
      } finally {
        now.decrementAndGet();
      }
    }
  }
}
