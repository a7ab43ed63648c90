package dev.holdfast.tls.material;

import dev.holdfast.tls.InvalidRequestException;

/**
 * The scrypt cost that protects an encrypted private key at rest: N = 2^{@code log2N}, block size r
 * and parallelism p; memory is 128·r·N bytes. The default costs 128 MiB and about half a second,
 * paid once each time the certificate authority's key is opened.
 */
public record ScryptCost(int log2N, int blockSize, int parallelism) {
  /** N = 2^17, r = 8, p = 1: 128 MiB (the cost OWASP suggests for interactive logins is lower). */
  public static final ScryptCost DEFAULT = new ScryptCost(17, 8, 1);

  /** Largest memory an encrypted key file may ask for when it is read: a hostile file asks more. */
  public static final long MAX_MEMORY_BYTES = 512L << 20;

  /** Validates the parameters against scrypt's rules and {@link #MAX_MEMORY_BYTES}. */
  public ScryptCost {
    if (log2N < 1 || log2N > 24 || blockSize < 1 || parallelism < 1 || parallelism > 16) {
      throw new InvalidRequestException(
          "scrypt cost N=2^" + log2N + " r=" + blockSize + " p=" + parallelism + " is not valid");
    }
    if (memoryBytes(log2N, blockSize) > MAX_MEMORY_BYTES) {
      throw new InvalidRequestException(
          "scrypt cost N=2^"
              + log2N
              + " r="
              + blockSize
              + " needs more than "
              + (MAX_MEMORY_BYTES >> 20)
              + " MiB of memory");
    }
  }

  /** The memory scrypt needs for these parameters. */
  public long memoryBytes() {
    return memoryBytes(log2N, blockSize);
  }

  static long memoryBytes(int log2N, int blockSize) {
    return 128L * blockSize << log2N;
  }

  /** N itself. */
  public int costParameter() {
    return 1 << log2N;
  }

  @Override
  public String toString() {
    return "scrypt N=2^" + log2N + " r=" + blockSize + " p=" + parallelism;
  }
}
