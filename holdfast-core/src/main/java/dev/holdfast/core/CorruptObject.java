package dev.holdfast.core;

/**
 * A stored object failed authentication or does not parse; the message names the object and what
 * refers to it.
 */
public final class CorruptObject extends HoldfastException {
  public CorruptObject(String message) {
    super(Kind.CORRUPT, message);
  }

  public CorruptObject(String message, Throwable cause) {
    super(Kind.CORRUPT, message, cause);
  }
}
