package dev.holdfast.core.testing;

import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.ForwardingBlobStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A storage decorator with S3-style object lock for tests: a blob given a retention date cannot be
 * deleted before it (the delete fails as S3's would), and {@link #retainedUntil} reports the date,
 * so that forget and prune can be tested for skipping protected blobs. Time is the given clock's.
 */
public final class ObjectLockStore extends ForwardingBlobStore {
  private final Clock clock;
  private final Map<BlobName, Instant> retention = new ConcurrentHashMap<>();

  public ObjectLockStore(BlobStore inner, Clock clock) {
    super(inner);
    this.clock = clock;
  }

  /** Protects {@code name} until {@code until}; returns this store. */
  public ObjectLockStore lock(BlobName name, Instant until) {
    retention.put(name, until);
    return this;
  }

  @Override
  public Optional<Instant> retainedUntil(BlobName name) {
    return stat(name).isPresent() ? Optional.ofNullable(retention.get(name)) : Optional.empty();
  }

  @Override
  public void delete(BlobName name) {
    Instant until = retention.get(name);
    if (until != null && until.isAfter(clock.instant()) && stat(name).isPresent()) {
      throw new dev.holdfast.core.StorageUnavailable(
          "deleting " + name + ": protected by object lock until " + until, true, null);
    }
    super.delete(name);
  }

  @Override
  public String location() {
    return "object-locked " + delegate().location();
  }
}
