package dev.holdfast.core.storage;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored blob's name, size in bytes and, where the backend knows it, when it was stored (file
 * modification time, S3 LastModified). Locks and prune use the time to judge age; it comes from the
 * storage's clock, not the writer's.
 */
public record BlobInfo(BlobName name, long size, Optional<Instant> modified) {

  public BlobInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(modified, "modified");
  }

  /** A blob whose storage time is unknown. */
  public BlobInfo(BlobName name, long size) {
    this(name, size, Optional.empty());
  }

  /** A blob stored at {@code modified}. */
  public BlobInfo(BlobName name, long size, Instant modified) {
    this(name, size, Optional.of(modified));
  }
}
