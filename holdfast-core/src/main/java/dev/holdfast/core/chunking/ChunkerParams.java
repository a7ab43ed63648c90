package dev.holdfast.core.chunking;

/**
 * Minimum, average (normal) and maximum chunk sizes in bytes. They are part of the repository
 * format, stored in its config next to the {@link ChunkerAlgorithm}: changing them changes every
 * boundary. Validated: {@code avgSize} is a power of two and {@code 64 <= minSize < avgSize <
 * maxSize <= 64 MiB}.
 */
public record ChunkerParams(int minSize, int avgSize, int maxSize) {

  /** 512 KiB / 1 MiB / 8 MiB: large chunks keep the index small for volume-sized backups. */
  public static final ChunkerParams DEFAULT =
      new ChunkerParams(512 * 1024, 1024 * 1024, 8 * 1024 * 1024);

  /**
   * The smallest allowed {@code minSize}: the Gear hash looks at a 64-byte window, which has to fit
   * before the first possible cut.
   */
  public static final int MIN_MIN_SIZE = 64;

  /** The largest allowed {@code maxSize} (64 MiB), which bounds a chunker's buffer to 128 MiB. */
  public static final int MAX_MAX_SIZE = 64 * 1024 * 1024;

  public ChunkerParams {
    if (minSize < MIN_MIN_SIZE) {
      throw new IllegalArgumentException(
          "chunker minSize must be at least " + MIN_MIN_SIZE + ", got " + minSize);
    }
    if (avgSize <= 0 || Integer.bitCount(avgSize) != 1) {
      throw new IllegalArgumentException("chunker avgSize must be a power of two, got " + avgSize);
    }
    if (minSize >= avgSize) {
      throw new IllegalArgumentException(
          "chunker minSize (" + minSize + ") must be less than avgSize (" + avgSize + ")");
    }
    if (maxSize <= avgSize) {
      throw new IllegalArgumentException(
          "chunker maxSize (" + maxSize + ") must be greater than avgSize (" + avgSize + ")");
    }
    if (maxSize > MAX_MAX_SIZE) {
      throw new IllegalArgumentException(
          "chunker maxSize must be at most " + MAX_MAX_SIZE + ", got " + maxSize);
    }
  }

  /** log2 of {@code avgSize}: the number of hash bits a cut condition tests on average. */
  int avgBits() {
    return Integer.numberOfTrailingZeros(avgSize);
  }
}
