package dev.holdfast.server.access;

import dev.holdfast.core.storage.BlobName;
import dev.holdfast.server.protocol.RepositoryName;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which identity stored each lock, so that an identity without the delete permission can remove its
 * own locks (a lock refresh writes a new lock object and deletes the old one) and nobody else's
 * (docs/SERVER.md, "Locks"). Lock objects are sealed, so the server cannot read their holder from
 * them; it records the writer when it stores one.
 *
 * <p>Thread-safe. Implementations record after the lock is stored and forget after it is deleted.
 */
public interface LockOwners {
  /** Records that {@code owner} stored {@code lock}, replacing an earlier record of that name. */
  void record(RepositoryName repository, BlobName lock, ClientIdentity owner);

  /** Who stored {@code lock}, when this server recorded it. */
  Optional<ClientIdentity> owner(RepositoryName repository, BlobName lock);

  /** Drops the record of {@code lock} (it was deleted); nothing happens if there is none. */
  void forget(RepositoryName repository, BlobName lock);

  /**
   * Records kept in memory: after a restart of the server, locks stored before it can only be
   * removed by an identity with the delete permission, or once they turn stale.
   */
  static LockOwners inMemory() {
    return new MemoryLockOwners();
  }

  /**
   * Records kept as one small file per lock under {@code directory} ({@code REPOSITORY/LOCKNAME},
   * holding the identity), so they survive a restart of the server.
   */
  static LockOwners inDirectory(Path directory) {
    return new DirectoryLockOwners(directory);
  }
}
