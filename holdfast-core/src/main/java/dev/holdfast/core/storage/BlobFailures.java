package dev.holdfast.core.storage;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NoSuchBlob;

/**
 * The failures every backend reports in the same words, so a user reads the same message whatever
 * the storage: a blob that is not there, and a read past a blob's end.
 */
public final class BlobFailures {
  private BlobFailures() {}

  /** {@code name} is not stored in the storage at {@code location}. */
  public static NoSuchBlob missing(BlobName name, String location) {
    return new NoSuchBlob(name.path() + " does not exist in " + location);
  }

  /**
   * A read of {@code length} bytes at {@code offset} of {@code name} reaches past its end: the
   * reader asked for what the blob does not have, which means damage (a truncated blob, or an index
   * that points past it), never a reason to retry.
   */
  public static CorruptObject beyondEnd(
      BlobName name, long offset, long length, long size, String location) {
    return new CorruptObject(
        "reading "
            + length
            + " bytes at "
            + offset
            + " of "
            + name
            + " in "
            + location
            + ": the blob has only "
            + size
            + " bytes");
  }
}
