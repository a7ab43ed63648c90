package dev.holdfast.core.crypto;

/**
 * Parameters of the passphrase key-derivation function, stored in clear in each key slot. They are
 * bounded because a key slot is unauthenticated until unlocked: a tampered file must not make
 * Holdfast allocate unbounded memory or spin for hours.
 *
 * @param algorithm always {@code "argon2id"}
 * @param memoryKiB memory in KiB, from {@code 8 * parallelism} to {@value #MAX_MEMORY_KIB} (2 GiB)
 * @param iterations passes over the memory, 1 to {@value #MAX_ITERATIONS}
 * @param parallelism lanes, 1 to {@value #MAX_PARALLELISM}
 */
public record KdfParams(String algorithm, int memoryKiB, int iterations, int parallelism) {
  /** The only algorithm of format version 1. */
  public static final String ARGON2ID = "argon2id";

  /** Upper bounds, so that a tampered key slot cannot make unlocking exhaust memory or time. */
  public static final int MAX_MEMORY_KIB = 2 * 1024 * 1024;

  public static final int MAX_ITERATIONS = 64;
  public static final int MAX_PARALLELISM = 16;

  /**
   * What new key slots use: Argon2id with 64 MiB and 3 passes, as RFC 9106's second recommended
   * option, but one lane (BouncyCastle computes lanes one after another, not in parallel).
   */
  public static final KdfParams DEFAULT = new KdfParams(ARGON2ID, 65536, 3, 1);

  public KdfParams {
    if (!ARGON2ID.equals(algorithm)) {
      throw new IllegalArgumentException("kdf.algorithm must be \"" + ARGON2ID + "\"");
    }
    if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
      throw new IllegalArgumentException(
          "kdf.parallelism must be between 1 and " + MAX_PARALLELISM + ", was " + parallelism);
    }
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException(
          "kdf.iterations must be between 1 and " + MAX_ITERATIONS + ", was " + iterations);
    }
    // Argon2 needs at least 8 KiB per lane.
    if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
      throw new IllegalArgumentException(
          "kdf.memoryKiB must be between "
              + 8 * parallelism
              + " (8 per lane) and "
              + MAX_MEMORY_KIB
              + ", was "
              + memoryKiB);
    }
  }

  /**
   * INSECURE parameters (64 KiB, 1 pass, 1 lane) that make a derivation take about a millisecond.
   * For tests only; never for a real repository.
   */
  public static KdfParams forTests() {
    return new KdfParams(ARGON2ID, 64, 1, 1);
  }
}
