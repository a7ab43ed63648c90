package dev.holdfast.core;

/** A repository already exists where {@code init} was asked to create one. */
public final class RepositoryExists extends HoldfastException {
  public RepositoryExists(String message) {
    super(Kind.REPOSITORY_EXISTS, message);
  }

  public RepositoryExists(String message, Throwable cause) {
    super(Kind.REPOSITORY_EXISTS, message, cause);
  }
}
