package dev.holdfast.core.repository;

import dev.holdfast.core.UsageError;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.ForwardingBlobStore;
import dev.holdfast.core.storage.Retention;

/**
 * A repository with object lock, opened on storage that cannot keep blobs immutable (a local copy
 * of an S3 repository, say): everything can be read, restored and checked, but storing backup data
 * is refused, so that no backup ever lands without the protection the repository promises.
 */
final class WritesNeedRetention extends ForwardingBlobStore {
  private final String reason;

  WritesNeedRetention(BlobStore inner, String reason) {
    super(inner);
    this.reason = reason;
  }

  @Override
  public boolean putIfAbsent(BlobName name, byte[] data, int offset, int length) {
    if (Retention.appliesTo(name.kind())) {
      throw new UsageError(
          "the repository at "
              + location()
              + " has object lock, so its data must be stored immutable: "
              + reason);
    }
    return super.putIfAbsent(name, data, offset, length);
  }

  @Override
  public BlobStore withRetention(Retention retention) {
    return this;
  }
}
