package dev.holdfast.core.chunking;

/**
 * Chunk size bounds chosen when a repository is created: no cut before {@code minSize}, a cut about
 * every {@code avgSize} bytes (a power of two), a forced cut at {@code maxSize}.
 */
public record ChunkerParams(int minSize, int avgSize, int maxSize) {
  /** The default: 512 KiB / 1 MiB / 8 MiB. */
  public static final ChunkerParams DEFAULT =
      new ChunkerParams(512 * 1024, 1024 * 1024, 8 * 1024 * 1024);

  /** The algorithm's name, written into the repository config. */
  public static final String ALGORITHM = "FASTCDC-2020-GEAR64-NC2";

  /** Largest allowed maximum chunk size. */
  public static final int LIMIT = 64 * 1024 * 1024;

  public ChunkerParams {
    if (minSize < 64) {
      throw new IllegalArgumentException("minSize must be at least 64 bytes, was " + minSize);
    }
    if (Integer.bitCount(avgSize) != 1) {
      throw new IllegalArgumentException("avgSize must be a power of two, was " + avgSize);
    }
    if (avgSize <= minSize) {
      throw new IllegalArgumentException(
          "avgSize (" + avgSize + ") must be larger than minSize (" + minSize + ")");
    }
    if (maxSize <= avgSize) {
      throw new IllegalArgumentException(
          "maxSize (" + maxSize + ") must be larger than avgSize (" + avgSize + ")");
    }
    if (maxSize > LIMIT) {
      throw new IllegalArgumentException("maxSize must be at most 64 MiB, was " + maxSize);
    }
  }
}
