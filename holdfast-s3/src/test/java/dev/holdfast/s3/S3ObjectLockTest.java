package dev.holdfast.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.backup.Backup;
import dev.holdfast.core.backup.BackupProgress;
import dev.holdfast.core.backup.BackupRequest;
import dev.holdfast.core.check.Check;
import dev.holdfast.core.check.CheckOptions;
import dev.holdfast.core.check.CheckResult;
import dev.holdfast.core.repository.ObjectLock;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.Retention;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.core.testing.TreeGenerator;
import dev.holdfast.s3.testing.ObjectLockS3;
import dev.holdfast.s3.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Object lock, and the requests only a server with object lock answers, against {@link
 * ObjectLockS3}: a small loopback server that plays AWS's object-lock responses. No real S3 with
 * object lock can run here: S3Proxy 4.1 (the real server the other tests use) refuses to create a
 * bucket with object lock and rejects the retention subresources, so these tests prove that the
 * right requests are sent and AWS's documented answers are understood, not that a particular server
 * enforces the lock. The same server plays a server without conditional writes and a throttling
 * one.
 */
class S3ObjectLockTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Instant NOW = Instant.parse("2026-11-25T09:00:00Z");
  private static final Retention THIRTY_DAYS = Retention.ofDays(Retention.Mode.GOVERNANCE, 30);

  @TempDir Path tmp;

  private final SettableClock clock = new SettableClock(NOW);
  private final ObjectLockS3 server = new ObjectLockS3(clock);
  private final S3Location location = server.location("vault");

  @AfterEach
  void stopServer() {
    server.close();
  }

  private S3BlobStore store() {
    return S3BlobStore.open(location, server.options(), clock);
  }

  @Test
  void dataKindsAreStoredUnderObjectLockAndTheOthersAreNot() {
    Random random = new Random(1);
    try (S3BlobStore plain = store()) {
      BlobStore locked = plain.withRetention(THIRTY_DAYS);
      for (BlobKind kind : BlobKind.values()) {
        BlobName name = name(kind, random);
        assertThat(locked.putIfAbsent(name, bytes(random, 100))).isTrue();

        ObjectLockS3.Version stored = server.versions(location.key(name.path())).get(0);
        if (Retention.appliesTo(kind)) {
          assertThat(stored.lockMode()).as("kind %s", kind).contains("GOVERNANCE");
          assertThat(stored.retainUntil())
              .as("kind %s", kind)
              .contains(NOW.plus(Duration.ofDays(30)));
        } else {
          assertThat(stored.lockMode()).as("kind %s", kind).isEmpty();
          assertThat(stored.retainUntil()).as("kind %s", kind).isEmpty();
        }
      }
      BlobName unprotected = name(BlobKind.PACK, random);
      plain.putIfAbsent(unprotected, new byte[1]);
      assertThat(server.versions(location.key(unprotected.path())).get(0).lockMode()).isEmpty();
    }
  }

  @Test
  void aBlobUploadedInPartsCarriesTheLockAndEveryPartItsDigest() {
    Random random = new Random(2);
    byte[] data = bytes(random, S3BlobStore.MULTIPART_THRESHOLD + 1000);
    BlobName pack = name(BlobKind.PACK, random);
    try (S3BlobStore store = store()) {
      BlobStore locked = store.withRetention(Retention.ofDays(Retention.Mode.COMPLIANCE, 365));

      assertThat(locked.putIfAbsent(pack, data)).isTrue();

      ObjectLockS3.Version stored = server.versions(location.key(pack.path())).get(0);
      assertThat(stored.lockMode()).contains("COMPLIANCE");
      assertThat(stored.retainUntil()).contains(NOW.plus(Duration.ofDays(365)));
      assertThat(Arrays.mismatch(locked.get(pack), data)).isEqualTo(-1);
      assertThat(
              server.requests().stream()
                  .filter(r -> r.method().equals("PUT") && r.query().contains("partNumber")))
          .hasSize(3)
          .allSatisfy(r -> assertThat(r.header("content-md5")).isNotBlank());
    }
  }

  @Test
  void retainedUntilIsTheRetentionTheServerReports() {
    Random random = new Random(3);
    try (S3BlobStore store = store()) {
      BlobName snapshot = name(BlobKind.SNAPSHOT, random);
      BlobName lock = name(BlobKind.LOCK, random);
      store.withRetention(THIRTY_DAYS).putIfAbsent(snapshot, new byte[3]);
      store.withRetention(THIRTY_DAYS).putIfAbsent(lock, new byte[3]);

      assertThat(store.retainedUntil(snapshot)).contains(NOW.plus(Duration.ofDays(30)));
      assertThat(store.retainedUntil(lock)).isEmpty();
      assertThat(store.retainedUntil(name(BlobKind.SNAPSHOT, random))).isEmpty();
    }
  }

  @Test
  void deletingAProtectedBlobFailsNamingTheDateAndTheBlobStaysReadable() {
    Random random = new Random(4);
    BlobName index = name(BlobKind.INDEX, random);
    try (S3BlobStore store = store()) {
      store.withRetention(THIRTY_DAYS).putIfAbsent(index, new byte[] {7, 8});

      assertThatThrownBy(() -> store.delete(index))
          .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isTrue())
          .hasMessageContaining(
              index.path() + " is protected by object lock until " + NOW.plus(Duration.ofDays(30)));

      assertThat(store.get(index)).containsExactly(7, 8);
      assertThat(server.versions(location.key(index.path())))
          .singleElement()
          .satisfies(v -> assertThat(v.deleteMarker()).isFalse());
    }
  }

  @Test
  void onceTheRetentionHasPassedDeleteRemovesEveryVersion() {
    Random random = new Random(5);
    BlobName pack = name(BlobKind.PACK, random);
    try (S3BlobStore store = store()) {
      store.withRetention(THIRTY_DAYS).putIfAbsent(pack, new byte[] {1});
      clock.advance(Duration.ofDays(31));

      store.delete(pack);

      assertThat(server.versions(location.key(pack.path()))).isEmpty();
      assertThat(store.stat(pack)).isEmpty();
    }
  }

  @Test
  void initChecksThatTheBucketHasObjectLock() {
    try (S3BlobStore store = store()) {
      store.checkReadyForInit(true);
    }
    try (ObjectLockS3 unlocked = new ObjectLockS3(clock).withoutObjectLock();
        S3BlobStore store =
            S3BlobStore.open(unlocked.location("vault"), unlocked.options(), clock)) {
      store.checkReadyForInit(false);
      assertThatThrownBy(() -> store.checkReadyForInit(true))
          .isInstanceOf(UsageError.class)
          .hasMessageContaining("the bucket locked-bucket does not have object lock enabled");
    }
  }

  @Test
  void aRepositoryWithObjectLockKeepsEveryBackupBlobImmutable() throws Exception {
    Path source = tmp.resolve("source");
    new TreeGenerator(6).write(source, 2_000_000);
    try (Repository repo =
        Repository.init(
            store(),
            TestRepositories.PASSPHRASE.toCharArray(),
            TestRepositories.options().withObjectLock(new ObjectLock("governance", 30)),
            "host",
            "user",
            clock)) {
      assertThat(repo.config().objectLock()).isEqualTo(new ObjectLock("governance", 30));
    }
    try (Repository repo =
        Repository.open(store(), TestRepositories.PASSPHRASE.toCharArray(), clock)) {
      new Backup(repo).run(BackupRequest.of("host", source), new BackupProgress());
      CheckResult check = new Check(repo).run(CheckOptions.allData());
      assertThat(check.errors()).isEmpty();
      assertThat(check.packsRead()).isPositive();
    }

    List<String> keys = server.keys();
    assertThat(keys).anyMatch(k -> k.startsWith("vault/data/"));
    for (String key : keys) {
      ObjectLockS3.Version stored = server.versions(key).get(0);
      boolean data = !key.startsWith("vault/keys/");
      assertThat(stored.lockMode().isPresent()).as("object lock on %s", key).isEqualTo(data);
    }
  }

  @Test
  void withoutConditionalWritesAPutLooksFirstAndNeverOverwrites() {
    try (ObjectLockS3 old = new ObjectLockS3(clock).withoutConditionalWrites();
        S3BlobStore store = S3BlobStore.open(old.location("repo"), old.options(), clock)) {
      Random random = new Random(7);
      BlobName small = name(BlobKind.SNAPSHOT, random);
      BlobName large = name(BlobKind.PACK, random);
      byte[] first = bytes(random, S3BlobStore.MULTIPART_THRESHOLD + 10);

      assertThat(store.putIfAbsent(small, new byte[] {1})).isTrue();
      assertThat(store.putIfAbsent(small, new byte[] {2})).isFalse();
      assertThat(store.putIfAbsent(large, first)).isTrue();
      assertThat(store.putIfAbsent(large, bytes(random, S3BlobStore.MULTIPART_THRESHOLD + 20)))
          .isFalse();

      assertThat(store.get(small)).containsExactly(1);
      assertThat(Arrays.mismatch(store.get(large), first)).isEqualTo(-1);
      List<ObjectLockS3.Request> conditional =
          old.requests().stream().filter(r -> r.header("if-none-match") != null).toList();
      assertThat(conditional).as("only the first put asks, then the store knows").hasSize(1);
    }
  }

  @Test
  void throttlingIsTransientAndTheSdkDoesNotRetryIt() {
    BlobName snapshot = name(BlobKind.SNAPSHOT, new Random(8));
    try (S3BlobStore store = store()) {
      server.failNext(1, 503, "SlowDown");

      assertThatThrownBy(() -> store.putIfAbsent(snapshot, new byte[] {1}))
          .isInstanceOfSatisfying(
              StorageUnavailable.class, e -> assertThat(e.permanent()).isFalse())
          .hasMessageContaining("503 SlowDown");
      assertThat(server.requests()).hasSize(1);

      assertThat(store.putIfAbsent(snapshot, new byte[] {1})).isTrue();
    }
  }

  @Test
  void aShortBodyIsATransientFailureNotAShortResult() {
    BlobName pack = name(BlobKind.PACK, new Random(9));
    try (S3BlobStore store = store()) {
      store.putIfAbsent(pack, new byte[1000]);

      server.truncateNextBody();
      assertThatThrownBy(() -> store.getRange(pack, 0, 100))
          .isInstanceOfSatisfying(
              StorageUnavailable.class, e -> assertThat(e.permanent()).isFalse())
          .hasMessageContaining("reading " + pack);
      server.truncateNextBody();
      assertThatThrownBy(() -> store.get(pack))
          .isInstanceOfSatisfying(
              StorageUnavailable.class, e -> assertThat(e.permanent()).isFalse());

      assertThat(store.getRange(pack, 0, 100)).hasSize(100);
    }
  }

  private static BlobName name(BlobKind kind, Random random) {
    return kind == BlobKind.CONFIG
        ? BlobName.CONFIG
        : new BlobName(kind, HEX.formatHex(bytes(random, 32)));
  }

  private static byte[] bytes(Random random, int size) {
    byte[] data = new byte[size];
    random.nextBytes(data);
    return data;
  }
}
