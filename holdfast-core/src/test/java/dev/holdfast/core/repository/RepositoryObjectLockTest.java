package dev.holdfast.core.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.UsageError;
import dev.holdfast.core.crypto.MasterKey;
import dev.holdfast.core.crypto.ObjectSealer;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.ForwardingBlobStore;
import dev.holdfast.core.storage.Retention;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import dev.holdfast.core.testing.TestRepositories;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The object lock setting: recorded in the config at init, applied by every writer that opens the
 * repository, lengthened but never shortened per backup, refused by storage that cannot keep it.
 */
class RepositoryObjectLockTest {
  private static final ObjectLock THIRTY_DAYS = new ObjectLock("governance", 30);

  private final RetainingStore store = new RetainingStore(new InMemoryBlobStore());

  @Test
  void initRecordsTheLockAndProtectsTheConfigButNotTheKeySlot() {
    try (Repository repo = init(TestRepositories.options().withObjectLock(THIRTY_DAYS))) {
      assertThat(repo.config().objectLock()).isEqualTo(THIRTY_DAYS);
    }

    assertThat(store.retained.get(BlobName.CONFIG))
        .isEqualTo(Retention.ofDays(Retention.Mode.GOVERNANCE, 30));
    assertThat(store.list(BlobKind.KEY)).hasSize(1);
    for (BlobInfo key : store.list(BlobKind.KEY)) {
      assertThat(store.retained).doesNotContainKey(key.name());
    }
  }

  @Test
  void openingALockedRepositoryWritesThroughTheLock() {
    init(TestRepositories.options().withObjectLock(THIRTY_DAYS)).close();

    try (Repository repo = TestRepositories.open(store)) {
      BlobName index = new BlobName(BlobKind.INDEX, "ab01");
      repo.store().putIfAbsent(index, new byte[] {1});
      assertThat(store.retained.get(index)).isEqualTo(THIRTY_DAYS.retention());
    }
  }

  @Test
  void aBackupMayLengthenTheRetentionButNotShortenIt() {
    init(TestRepositories.options().withObjectLock(THIRTY_DAYS)).close();

    try (Repository repo = open(Duration.ofDays(90))) {
      BlobName snapshot = new BlobName(BlobKind.SNAPSHOT, "cd02");
      repo.store().putIfAbsent(snapshot, new byte[] {1});
      assertThat(store.retained.get(snapshot))
          .isEqualTo(Retention.ofDays(Retention.Mode.GOVERNANCE, 90));
    }
    assertThatThrownBy(() -> open(Duration.ofDays(7)))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("7 days is shorter than the repository's object lock of 30 days");
  }

  @Test
  void retainingARepositoryWithoutObjectLockIsAUsageError() {
    init(TestRepositories.options()).close();

    assertThatThrownBy(() -> open(Duration.ofDays(90)))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("has no object lock");
    assertThat(store.retained).isEmpty();
  }

  @Test
  void storageWithoutObjectLockRefusesInitAndNothingIsWritten() {
    InMemoryBlobStore plain = new InMemoryBlobStore();

    assertThatThrownBy(
            () ->
                Repository.init(
                    plain,
                    TestRepositories.PASSPHRASE.toCharArray(),
                    TestRepositories.options().withObjectLock(THIRTY_DAYS),
                    "host",
                    "user",
                    Clock.systemUTC()))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("object lock")
        .hasMessageContaining("memory");
    for (BlobKind kind : BlobKind.values()) {
      assertThat(plain.list(kind)).as("kind %s", kind).isEmpty();
    }
  }

  @Test
  void aCopyOnStorageWithoutObjectLockCanBeReadButTakesNoBackupData() {
    init(TestRepositories.options().withObjectLock(THIRTY_DAYS)).close();
    InMemoryBlobStore copy = new InMemoryBlobStore();
    for (BlobKind kind : BlobKind.values()) {
      for (BlobInfo blob : store.list(kind)) {
        copy.putIfAbsent(blob.name(), store.get(blob.name()));
      }
    }

    try (Repository repo = TestRepositories.open(copy)) {
      assertThat(repo.snapshots().list().snapshots()).isEmpty();
      BlobName lock = new BlobName(BlobKind.LOCK, "ab03");
      assertThat(repo.store().putIfAbsent(lock, new byte[1])).isTrue();
      BlobName pack = new BlobName(BlobKind.PACK, "ab04");
      assertThatThrownBy(() -> repo.store().putIfAbsent(pack, new byte[1]))
          .isInstanceOf(UsageError.class)
          .hasMessageContaining("has object lock")
          .hasMessageContaining("cannot keep blobs immutable");
      assertThat(copy.stat(pack)).isEmpty();
    }
  }

  @Test
  void configsWithoutTheFieldStayReadableAndTheLockRoundTrips() {
    ObjectSealer sealer = MasterKey.generate(new SecureRandom()).objectSealer();
    String written = ConfigBlobs.FIRST_RELEASE_JSON;
    RepositoryConfig old = ConfigCodec.decode(ConfigBlobs.sealed(sealer, written), sealer, "test");
    assertThat(old.objectLock()).isNull();
    assertThat(ConfigCodec.decode(ConfigCodec.encode(old, sealer), sealer, "test")).isEqualTo(old);

    RepositoryConfig locked =
        ConfigCodec.decode(
            ConfigBlobs.sealed(
                sealer,
                written.replace("}}", "}").replace("16777216}", "16777216,")
                    + "\"objectLock\":{\"mode\":\"compliance\",\"days\":365}}"),
            sealer,
            "test");
    assertThat(locked.objectLock()).isEqualTo(new ObjectLock("compliance", 365));
    assertThat(ConfigCodec.decode(ConfigCodec.encode(locked, sealer), sealer, "test"))
        .isEqualTo(locked);
  }

  @Test
  void lockSettingsAreValidated() {
    assertThat(new ObjectLock("GOVERNANCE", 1).mode()).isEqualTo("governance");
    assertThatThrownBy(() -> new ObjectLock("forever", 30))
        .hasMessageContaining("governance or compliance");
    assertThatThrownBy(() -> new ObjectLock("compliance", 0)).hasMessageContaining("1..36500");
    assertThatThrownBy(() -> new ObjectLock("compliance", 36_501)).hasMessageContaining("1..36500");
  }

  private Repository init(InitOptions options) {
    return Repository.init(
        store,
        TestRepositories.PASSPHRASE.toCharArray(),
        options,
        "host",
        "user",
        Clock.systemUTC());
  }

  private Repository open(Duration retainAtLeast) {
    return Repository.open(
        store, TestRepositories.PASSPHRASE.toCharArray(), Clock.systemUTC(), retainAtLeast);
  }

  /** A store that supports retention by recording, per blob, the retention it was stored under. */
  private static final class RetainingStore extends ForwardingBlobStore {
    private final Map<BlobName, Retention> retained;
    private final Optional<Retention> retention;

    RetainingStore(BlobStore inner) {
      this(inner, new ConcurrentHashMap<>(), Optional.empty());
    }

    private RetainingStore(
        BlobStore inner, Map<BlobName, Retention> retained, Optional<Retention> retention) {
      super(inner);
      this.retained = retained;
      this.retention = retention;
    }

    @Override
    public BlobStore withRetention(Retention newRetention) {
      return new RetainingStore(delegate(), retained, Optional.of(newRetention));
    }

    @Override
    public boolean putIfAbsent(BlobName name, byte[] data, int offset, int length) {
      boolean stored = super.putIfAbsent(name, data, offset, length);
      if (stored && Retention.appliesTo(name.kind())) {
        retention.ifPresent(r -> retained.put(name, r));
      }
      return stored;
    }
  }
}
