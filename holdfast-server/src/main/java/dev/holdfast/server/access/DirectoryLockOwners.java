package dev.holdfast.server.access;

import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.server.protocol.RepositoryName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link LockOwners} as files {@code DIRECTORY/REPOSITORY/LOCKNAME} holding the owner's identity,
 * each written to a temporary file and renamed into place, so a record is whole or absent. Both
 * path parts are validated names (repository name, hex lock name), never request text.
 */
final class DirectoryLockOwners implements LockOwners {
  private final Path directory;

  DirectoryLockOwners(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
  }

  @Override
  public void record(RepositoryName repository, BlobName lock, ClientIdentity owner) {
    Path file = file(repository, lock);
    try {
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), ".owner-", ".tmp");
      try {
        Files.writeString(temp, owner.value(), StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw failed("recording the owner of", lock, repository, e);
    }
  }

  @Override
  public Optional<ClientIdentity> owner(RepositoryName repository, BlobName lock) {
    try {
      return Optional.of(
          new ClientIdentity(Files.readString(file(repository, lock), StandardCharsets.UTF_8)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      throw failed("reading the owner of", lock, repository, e);
    }
  }

  @Override
  public void forget(RepositoryName repository, BlobName lock) {
    try {
      Files.deleteIfExists(file(repository, lock));
    } catch (IOException e) {
      throw failed("forgetting the owner of", lock, repository, e);
    }
  }

  private Path file(RepositoryName repository, BlobName lock) {
    if (lock.kind() != BlobKind.LOCK) {
      throw new IllegalArgumentException("not a lock: " + lock);
    }
    return directory.resolve(repository.value()).resolve(lock.name());
  }

  private StorageUnavailable failed(
      String doing, BlobName lock, RepositoryName repository, Exception e) {
    return new StorageUnavailable(
        doing + " " + lock + " of repository " + repository + " in " + directory + ": " + e,
        true,
        e);
  }
}
