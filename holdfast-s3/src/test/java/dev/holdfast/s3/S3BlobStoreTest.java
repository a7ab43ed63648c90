package dev.holdfast.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.RepositoryExists;
import dev.holdfast.core.RepositoryNotFound;
import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.s3.testing.LocalS3;
import dev.holdfast.s3.testing.S3ProxyServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What S3 adds to the storage contract, against a real S3Proxy: multipart uploads, paginated
 * listings among foreign keys, versioned buckets, and how failures are reported.
 */
class S3BlobStoreTest {
  @RegisterExtension static final LocalS3 S3 = new LocalS3();

  private static final HexFormat HEX = HexFormat.of();
  private static final int MIB = 1024 * 1024;

  @Test
  void aBlobAboveTheThresholdIsUploadedInPartsAndReadBackWhole() {
    S3Location location = S3.newBucket("repo");
    byte[] data = bytes(new Random(1), 2 * S3BlobStore.PART_SIZE + 12_345);
    BlobName pack = pack(new Random(2));

    try (S3BlobStore store = S3BlobStore.open(location, S3.options())) {
      assertThat(store.putIfAbsent(pack, data)).isTrue();

      assertThat(Arrays.mismatch(store.get(pack), data)).isEqualTo(-1);
      assertThat(store.stat(pack).orElseThrow().size()).isEqualTo(data.length);
    }
    assertThat(S3.server().eTag(location, location.key(pack.path())))
        .as("a multipart object's ETag counts its parts")
        .endsWith("-3\"");
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {3, 4})
  void rangedReadsAcrossPartBoundariesReturnExactlyTheBytes(long seed) {
    Random random = new Random(seed);
    byte[] data = bytes(random, 2 * S3BlobStore.PART_SIZE + 1000);
    BlobName pack = pack(random);
    try (S3BlobStore store = S3.newStore("repo")) {
      store.putIfAbsent(pack, data);

      List<long[]> ranges = new ArrayList<>();
      ranges.add(new long[] {S3BlobStore.PART_SIZE - 10, 20});
      ranges.add(new long[] {2L * S3BlobStore.PART_SIZE - 1, 2});
      ranges.add(new long[] {S3BlobStore.PART_SIZE - 1, S3BlobStore.PART_SIZE + 2});
      ranges.add(new long[] {data.length - 1000, 1000});
      for (int i = 0; i < 5; i++) {
        int length = 1 + random.nextInt(2 * MIB);
        ranges.add(new long[] {random.nextInt(data.length - length), length});
      }
      for (long[] range : ranges) {
        int from = (int) range[0];
        int length = (int) range[1];
        assertThat(store.getRange(pack, from, length))
            .as("seed %d: bytes [%d, +%d)", seed, from, length)
            .isEqualTo(Arrays.copyOfRange(data, from, from + length));
      }
    }
  }

  @Test
  void aMultipartPutOfAnExistingNameKeepsTheBlobAndLeavesNoUploadBehind() {
    S3Location location = S3.newBucket("repo");
    Random random = new Random(5);
    byte[] first = bytes(random, S3BlobStore.MULTIPART_THRESHOLD + 1);
    byte[] second = bytes(random, S3BlobStore.MULTIPART_THRESHOLD + 2);
    BlobName pack = pack(random);
    try (S3BlobStore store = S3BlobStore.open(location, S3.options())) {
      assertThat(store.putIfAbsent(pack, first)).isTrue();

      assertThat(store.putIfAbsent(pack, second)).isFalse();

      assertThat(Arrays.mismatch(store.get(pack), first)).isEqualTo(-1);
    }
    assertThat(S3.server().pendingUploads(location)).isZero();
  }

  @Test
  void listingReadsEveryPageAndSkipsKeysThatAreNotBlobs() {
    S3Location location = S3.newBucket("team/repo");
    Random random = new Random(6);
    S3Options smallPages = S3.server().options().listPageSize(7).build();
    List<BlobInfo> expected = new ArrayList<>();
    try (S3BlobStore store = S3BlobStore.open(location, smallPages)) {
      for (int i = 0; i < 40; i++) {
        BlobName pack = pack(random);
        store.putIfAbsent(pack, new byte[i]);
        expected.add(new BlobInfo(pack, i));
      }
      String hex = HEX.formatHex(bytes(random, 32));
      S3.server().putForeign(location, "team/repo/data/zz/not-a-blob", new byte[1]);
      S3.server().putForeign(location, "team/repo/data/00/" + hex, new byte[1]); // wrong fan-out
      S3.server().putForeign(location, "team/repo/data/" + hex, new byte[1]); // not fanned out
      S3.server()
          .putForeign(location, "team/repo/data/ab/ab" + hex.substring(2) + "/x", new byte[1]);
      S3.server().putForeign(location, "team/repo-2/data/ab/ab" + hex.substring(2), new byte[1]);
      S3.server().putForeign(location, "team/repo/index/" + hex, new byte[1]);

      assertThat(store.list(BlobKind.PACK).stream().map(S3BlobStoreTest::untimed))
          .containsExactlyInAnyOrderElementsOf(expected);
      assertThat(store.list(BlobKind.INDEX)).hasSize(1);
      assertThat(store.list(BlobKind.SNAPSHOT)).isEmpty();
    }
  }

  @Test
  void deleteOnAVersionedBucketRemovesEveryVersionOfTheBlob() {
    S3Location location = S3.newBucket("repo");
    S3.server().enableVersioning(location);
    BlobName index = new BlobName(BlobKind.INDEX, HEX.formatHex(bytes(new Random(7), 32)));
    String key = location.key(index.path());
    try (S3BlobStore store = S3BlobStore.open(location, S3.options())) {
      store.putIfAbsent(index, new byte[] {1, 2, 3});
      assertThat(S3.server().versions(location, key).versions()).hasSize(1);

      store.delete(index);

      assertThat(S3.server().versions(location, key).versions()).isEmpty();
      assertThat(S3.server().versions(location, key).deleteMarkers()).isEmpty();
      assertThat(store.stat(index)).isEmpty();
      store.delete(index);
      assertThat(store.putIfAbsent(index, new byte[] {4})).isTrue();
      assertThat(store.get(index)).containsExactly(4);
    }
  }

  @Test
  void wrongCredentialsArePermanentAndSaidClearlyWithoutTheSecret() {
    S3Location location = S3.newBucket("repo");
    S3Options wrong =
        S3.server()
            .options()
            .credentials(S3Credentials.accessKey(S3ProxyServer.ACCESS_KEY, "not-the-secret-42"))
            .build();
    try (S3BlobStore store = S3BlobStore.open(location, wrong)) {
      for (Runnable request :
          List.<Runnable>of(
              () -> store.get(BlobName.CONFIG),
              () -> store.putIfAbsent(pack(new Random(8)), new byte[1]),
              () -> store.list(BlobKind.SNAPSHOT))) {
        assertThatThrownBy(request::run)
            .isInstanceOfSatisfying(
                StorageUnavailable.class, e -> assertThat(e.permanent()).isTrue())
            .hasMessageContaining("refused the credentials")
            .hasMessageContaining(location.toString())
            .hasMessageNotContaining("not-the-secret-42");
      }
    }
  }

  @Test
  void aStoppedServerIsATransientFailure() {
    S3ProxyServer own = S3ProxyServer.http();
    S3Location location = own.newBucket("repo");
    try (S3BlobStore store = S3BlobStore.open(location, own.options().build())) {
      own.close();

      assertThatThrownBy(() -> store.stat(BlobName.CONFIG))
          .isInstanceOfSatisfying(
              StorageUnavailable.class, e -> assertThat(e.permanent()).isFalse())
          .hasMessageContaining("checking config in " + location)
          .hasMessageContaining("the connection failed");
      assertThatThrownBy(() -> store.putIfAbsent(pack(new Random(9)), new byte[10]))
          .isInstanceOfSatisfying(
              StorageUnavailable.class, e -> assertThat(e.permanent()).isFalse());
    }
  }

  @Test
  void aMissingBucketIsNamed() {
    S3Location missing =
        new S3Location(Optional.of(S3.server().endpoint()), "no-such-bucket-here", "repo");
    try (S3BlobStore store = S3BlobStore.open(missing, S3.options())) {
      assertThatThrownBy(() -> store.get(BlobName.CONFIG))
          .isInstanceOf(RepositoryNotFound.class)
          .hasMessageContaining("the bucket no-such-bucket-here does not exist");
      assertThatThrownBy(() -> store.list(BlobKind.SNAPSHOT))
          .isInstanceOf(RepositoryNotFound.class);
      assertThatThrownBy(() -> store.checkReadyForInit(false))
          .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isTrue())
          .hasMessageContaining("the bucket no-such-bucket-here does not exist")
          .hasMessageContaining("create it first");
    }
  }

  @Test
  void aMissingBlobIsNoSuchBlobAndDeletingItIsNoError() {
    try (S3BlobStore store = S3.newStore("repo")) {
      BlobName pack = pack(new Random(10));
      assertThatThrownBy(() -> store.getRange(pack, 5, 10)).isInstanceOf(NoSuchBlob.class);
      assertThat(store.retainedUntil(pack)).isEmpty();
      store.delete(pack);
    }
  }

  @Test
  void initNeedsAnEmptyPrefixAndRefusesAnExistingRepository() {
    S3Location location = S3.newBucket("repo");
    try (S3BlobStore store = S3BlobStore.open(location, S3.options())) {
      store.checkReadyForInit(false);

      S3.server().putForeign(location, "repo/notes.txt", new byte[1]);
      assertThatThrownBy(() -> store.checkReadyForInit(false))
          .isInstanceOf(UsageError.class)
          .hasMessageContaining("objects are already stored under that prefix");

      store.putIfAbsent(BlobName.CONFIG, new byte[1]);
      assertThatThrownBy(() -> store.checkReadyForInit(false))
          .isInstanceOf(RepositoryExists.class)
          .hasMessageContaining(location.toString());
    }
    try (S3BlobStore sibling =
        S3BlobStore.open(S3.server().sibling(location, "repo2"), S3.options())) {
      sibling.checkReadyForInit(false);
    }
  }

  @Test
  void s3ProxyHasNoObjectLockAndInitSaysSo() {
    try (S3BlobStore store = S3.newStore("repo")) {
      assertThatThrownBy(() -> store.checkReadyForInit(true))
          .isInstanceOf(UsageError.class)
          .hasMessageContaining("does not support object lock");
    }
  }

  @Test
  void plainHttpMustBeAllowedExplicitly() {
    S3Location location = S3.newBucket("repo");
    S3Options httpsOnly = S3.server().options().insecureHttp(false).build();

    assertThatThrownBy(() -> S3BlobStore.open(location, httpsOnly))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("plain HTTP")
        .hasMessageContaining("--insecure-http");
  }

  private static BlobInfo untimed(BlobInfo info) {
    return new BlobInfo(info.name(), info.size());
  }

  private static BlobName pack(Random random) {
    return new BlobName(BlobKind.PACK, HEX.formatHex(bytes(random, 32)));
  }

  private static byte[] bytes(Random random, int size) {
    byte[] data = new byte[size];
    random.nextBytes(data);
    return data;
  }
}
