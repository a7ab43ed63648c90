package dev.holdfast.core.prune;

import dev.holdfast.core.content.BlobType;

/**
 * How much of one pack the index lists and how much of that snapshots use, in blobs and stored
 * bytes. Mutable: filled in while the index files are read, then only read.
 */
final class PackStats {
  /** The type of the pack's blobs (a pack holds one type; the first entry's decides). */
  BlobType type;

  int blobs;
  long bytes;
  int usedBlobs;
  long usedBytes;

  void add(BlobType blobType, int length, boolean used) {
    if (type == null) {
      type = blobType;
    }
    blobs++;
    bytes += length;
    if (used) {
      usedBlobs++;
      usedBytes += length;
    }
  }

  /** Share of the listed bytes in use, 0 to 1. */
  double usedShare() {
    return bytes == 0 ? 0 : (double) usedBytes / bytes;
  }
}
