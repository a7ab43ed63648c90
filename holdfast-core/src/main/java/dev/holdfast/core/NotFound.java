package dev.holdfast.core;

/** A snapshot, path or key named by the user does not exist. */
public final class NotFound extends HoldfastException {
  public NotFound(String message) {
    super(Kind.NOT_FOUND, message);
  }

  public NotFound(String message, Throwable cause) {
    super(Kind.NOT_FOUND, message, cause);
  }
}
