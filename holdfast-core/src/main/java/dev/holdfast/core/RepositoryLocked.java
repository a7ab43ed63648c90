package dev.holdfast.core;

/**
 * The repository's locks forbid the operation: another exclusive operation (prune) holds the
 * repository, or this process lost its own lock and must not commit what it wrote.
 */
public final class RepositoryLocked extends HoldfastException {
  public RepositoryLocked(String message) {
    super(Kind.LOCKED, message);
  }
}
