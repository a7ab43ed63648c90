package dev.holdfast.core;

/** Arguments or input the user can correct. */
public final class UsageError extends HoldfastException {
  public UsageError(String message) {
    super(Kind.USAGE, message);
  }

  public UsageError(String message, Throwable cause) {
    super(Kind.USAGE, message, cause);
  }
}
