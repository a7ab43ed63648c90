package dev.holdfast.core;

/** A named blob is not in storage. The message names the blob and, where known, who needed it. */
public final class NoSuchBlob extends HoldfastException {
  public NoSuchBlob(String message) {
    super(Kind.NOT_FOUND, message);
  }
}
