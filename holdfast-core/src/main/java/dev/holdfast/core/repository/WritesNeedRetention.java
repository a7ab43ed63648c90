package dev.holdfast.core.repository;

import dev.holdfast.core.UsageError;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.Retention;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A repository with object lock, opened on storage that cannot keep blobs immutable (a local copy
 * of an S3 repository, say): everything can be read, restored and checked, but storing backup data
 * is refused, so that no backup ever lands without the protection the repository promises.
 */
final class WritesNeedRetention implements BlobStore {
  private final BlobStore inner;
  private final String reason;

  WritesNeedRetention(BlobStore inner, String reason) {
    this.inner = inner;
    this.reason = reason;
  }

  @Override
  public boolean putIfAbsent(BlobName name, byte[] data, int offset, int length) {
    if (Retention.appliesTo(name.kind())) {
      throw new UsageError(
          "the repository at "
              + inner.location()
              + " has object lock, so its data must be stored immutable: "
              + reason);
    }
    return inner.putIfAbsent(name, data, offset, length);
  }

  @Override
  public byte[] get(BlobName name) {
    return inner.get(name);
  }

  @Override
  public byte[] get(BlobName name, long maxBytes) {
    return inner.get(name, maxBytes);
  }

  @Override
  public byte[] getRange(BlobName name, long offset, int length) {
    return inner.getRange(name, offset, length);
  }

  @Override
  public Optional<BlobInfo> stat(BlobName name) {
    return inner.stat(name);
  }

  @Override
  public List<BlobInfo> list(BlobKind kind) {
    return inner.list(kind);
  }

  @Override
  public void delete(BlobName name) {
    inner.delete(name);
  }

  @Override
  public Optional<Instant> retainedUntil(BlobName name) {
    return inner.retainedUntil(name);
  }

  @Override
  public BlobStore withRetention(Retention retention) {
    return this;
  }

  @Override
  public String location() {
    return inner.location();
  }

  @Override
  public void close() {
    inner.close();
  }
}
