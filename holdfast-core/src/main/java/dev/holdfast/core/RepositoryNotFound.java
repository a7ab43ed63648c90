package dev.holdfast.core;

/** No repository exists at the given location. */
public final class RepositoryNotFound extends HoldfastException {
  public RepositoryNotFound(String message) {
    super(Kind.REPOSITORY_NOT_FOUND, message);
  }

  public RepositoryNotFound(String message, Throwable cause) {
    super(Kind.REPOSITORY_NOT_FOUND, message, cause);
  }
}
