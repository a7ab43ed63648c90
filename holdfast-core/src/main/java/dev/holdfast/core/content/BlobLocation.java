package dev.holdfast.core.content;

import dev.holdfast.core.id.PackId;
import java.util.Objects;

/**
 * Where a blob is: pack, type, byte offset and stored length (ciphertext incl. tag) inside the
 * pack, and plaintext length (after decompression).
 */
public record BlobLocation(PackId pack, BlobType type, int offset, int length, int rawLength) {

  /** Rejects a missing pack or type and negative offsets or lengths. */
  public BlobLocation {
    Objects.requireNonNull(pack, "pack");
    Objects.requireNonNull(type, "type");
    requireNonNegative("offset", offset);
    requireNonNegative("length", length);
    requireNonNegative("rawLength", rawLength);
  }

  private static void requireNonNegative(String what, int value) {
    if (value < 0) {
      throw new IllegalArgumentException("blob " + what + " must be non-negative, was " + value);
    }
  }
}
