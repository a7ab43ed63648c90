package dev.holdfast.server.access;

import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.server.protocol.RepositoryName;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What one identity may do in one repository: the table of docs/SERVER.md, "Permissions", in code.
 * Locks are the one kind an identity without the delete permission may remove, and only its own:
 * every job that reads or writes takes a lock so that a concurrent prune keeps what it uses, and
 * refreshing a lock means writing a new lock object and deleting the old one.
 */
public final class RepositoryAccess {
  private final RepositoryName repository;
  private final ClientIdentity identity;
  private final RepositoryGrants grants;
  private final LockOwners owners;

  /** The rights of {@code identity} in {@code repository}, granted by {@code grants}. */
  public RepositoryAccess(
      RepositoryName repository,
      ClientIdentity identity,
      RepositoryGrants grants,
      LockOwners owners) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.identity = Objects.requireNonNull(identity, "identity");
    this.grants = Objects.requireNonNull(grants, "grants");
    this.owners = Objects.requireNonNull(owners, "owners");
  }

  /** The identity asking. */
  public ClientIdentity identity() {
    return identity;
  }

  /** Reading, stat, listing and retention dates of every blob. */
  public Optional<Refusal> toRead(String what) {
    return require(Permission.READ, "read " + what);
  }

  /**
   * Storing a new blob of {@code kind}: locks need read or append, deletion records (which direct
   * prune to delete packs) need delete, everything else append.
   */
  public Optional<Refusal> toPut(BlobName name) {
    if (name.kind() == BlobKind.LOCK) {
      return holds(Permission.READ) || holds(Permission.APPEND)
          ? Optional.empty()
          : refuse(Permission.APPEND, "store " + name);
    }
    if (name.kind() == BlobKind.DELETION) {
      return require(Permission.DELETE, "store " + name + " (a deletion record directs prune)");
    }
    return require(Permission.APPEND, "store " + name);
  }

  /**
   * Deleting {@code name}: with the delete permission anything; with read or append only a lock
   * this identity stored, or one that is already gone ({@code exists} is asked only then).
   */
  public Optional<Refusal> toDelete(BlobName name, BooleanSupplier exists) {
    if (holds(Permission.DELETE)) {
      return Optional.empty();
    }
    boolean mayLock = holds(Permission.READ) || holds(Permission.APPEND);
    if (name.kind() != BlobKind.LOCK || !mayLock) {
      return refuse(Permission.DELETE, "delete " + name);
    }
    if (owners.owner(repository, name).filter(identity::equals).isPresent()
        || !exists.getAsBoolean()) {
      return Optional.empty();
    }
    return Optional.of(
        new Refusal(
            identity,
            Permission.DELETE,
            identity
                + " may not delete "
                + name
                + " in repository "
                + repository
                + ": the lock was not stored by this identity, and removing another's lock needs"
                + " the delete permission"));
  }

  /** Notes that {@code name} was stored by this identity (locks remember their owner). */
  public void stored(BlobName name) {
    if (name.kind() == BlobKind.LOCK) {
      owners.record(repository, name, identity);
    }
  }

  /** Notes that {@code name} was deleted. */
  public void deleted(BlobName name) {
    if (name.kind() == BlobKind.LOCK) {
      owners.forget(repository, name);
    }
  }

  private boolean holds(Permission permission) {
    return grants.allows(identity, permission);
  }

  private Optional<Refusal> require(Permission permission, String what) {
    return holds(permission) ? Optional.empty() : refuse(permission, what);
  }

  private Optional<Refusal> refuse(Permission permission, String what) {
    return Optional.of(
        new Refusal(
            identity,
            permission,
            identity
                + " may not "
                + what
                + " in repository "
                + repository
                + ": it lacks the "
                + permission.label()
                + " permission"));
  }
}
