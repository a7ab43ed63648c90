package dev.holdfast.server.access;

import dev.holdfast.core.storage.BlobName;
import dev.holdfast.server.protocol.RepositoryName;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link LockOwners} in a map; forgotten when the server stops. */
final class MemoryLockOwners implements LockOwners {
  private record Key(RepositoryName repository, BlobName lock) {}

  private final Map<Key, ClientIdentity> owners = new ConcurrentHashMap<>();

  @Override
  public void record(RepositoryName repository, BlobName lock, ClientIdentity owner) {
    owners.put(new Key(repository, lock), owner);
  }

  @Override
  public Optional<ClientIdentity> owner(RepositoryName repository, BlobName lock) {
    return Optional.ofNullable(owners.get(new Key(repository, lock)));
  }

  @Override
  public void forget(RepositoryName repository, BlobName lock) {
    owners.remove(new Key(repository, lock));
  }
}
