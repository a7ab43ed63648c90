package dev.holdfast.core.prune;

/**
 * How much of one pack the index lists and how much of that snapshots use, in blobs and stored
 * bytes. Mutable: filled in while the index files are read, then only read.
 */
final class PackStats {
  int blobs;
  long bytes;
  int usedBlobs;
  long usedBytes;

  void add(int length, boolean used) {
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
