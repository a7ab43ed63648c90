package dev.holdfast.core.snapshot;

import dev.holdfast.core.id.Id256;
import dev.holdfast.core.id.SnapshotId;
import java.util.Objects;

/**
 * Where a copied snapshot came from: the id of the repository it was copied from (its config's
 * {@code repositoryId}) and the snapshot's id there. Copy records it in the destination manifest,
 * so that copying again skips what is already copied (docs/DESIGN.md, "Copy").
 *
 * @param repository the source repository's id, lower-case hex
 * @param snapshot the snapshot's id in the source repository
 */
public record CopiedFrom(String repository, SnapshotId snapshot) {
  /** Longest repository id accepted (ids are 32 hex characters today). */
  private static final int MAX_REPOSITORY_HEX = 64;

  /** Rejects a missing snapshot and a repository id that is not lower-case hex. */
  public CopiedFrom {
    Objects.requireNonNull(snapshot, "snapshot");
    if (repository == null
        || repository.length() > MAX_REPOSITORY_HEX
        || !Id256.isHexPrefix(repository)
        || !repository.equals(repository.toLowerCase(java.util.Locale.ROOT))) {
      throw new IllegalArgumentException("copiedFrom needs a repository id in lower-case hex");
    }
  }

  /** True when this names snapshot {@code id} of repository {@code repositoryId}. */
  public boolean is(String repositoryId, SnapshotId id) {
    return repository.equals(repositoryId) && snapshot.equals(id);
  }
}
