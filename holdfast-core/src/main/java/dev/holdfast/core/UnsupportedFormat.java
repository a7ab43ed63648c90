package dev.holdfast.core;

/** The repository was written in a format version this program does not know. */
public final class UnsupportedFormat extends HoldfastException {
  public UnsupportedFormat(String message) {
    super(Kind.UNSUPPORTED_FORMAT, message);
  }

  public UnsupportedFormat(String message, Throwable cause) {
    super(Kind.UNSUPPORTED_FORMAT, message, cause);
  }
}
