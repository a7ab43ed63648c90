package dev.holdfast.core.chunking;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * FastCDC content-defined chunking (Xia et al., 2020; normalized chunking level 2, 64-bit Gear
 * hash), the hot loop of backup; immutable and thread-safe, so one instance serves every worker.
 *
 * <p>Why the Gear table is keyed: with a public table anyone can compute where a known file's chunk
 * boundaries fall, and the sizes of the encrypted chunks a storage provider sees would then
 * fingerprint that file although its bytes are encrypted. Deriving the table from a repository
 * secret makes the boundaries unpredictable without the key. That defeats passive fingerprinting,
 * not an adversary who can also get chosen data backed up and watch chunk sizes (published 2025
 * attacks on keyed CDC recover such keys), so the layers above should not expose exact chunk sizes
 * either: blobs sit encrypted inside packs, whose trailers are encrypted too. The zero-cut
 * algorithm gives up part of this for runs of zeros: there a chunk ends at one of the last bytes
 * before the run's 64th zero, so the boundaries of a file with such runs follow its content within
 * a few bytes, as restic's do. {@link ChunkerAlgorithm#FASTCDC_GEAR64_NC2} keeps every boundary
 * keyed. Never log the seed or the table.
 */
public final class FastCdc {

  /** Bytes that influence the hash: after 64 shifts a byte has left the 64-bit state entirely. */
  static final int WINDOW = 64;

  /** The mask bits are spread over the 48 highest bits of the hash, bit 63 down to bit 16. */
  private static final int MASK_SPAN = 48;

  private static final byte[] GEAR_LABEL = "holdfast gear".getBytes(StandardCharsets.US_ASCII);

  private final ChunkerAlgorithm algorithm;

  /**
   * Whether a hash of 0 (a window of zeros, with the zero-cut table) needs a non-zero before it.
   */
  private final boolean zeroCut;

  private final ChunkerParams params;
  private final int minSize;
  private final int avgSize;
  private final int maxSize;
  private final long maskS;
  private final long maskL;
  private final long[] gear;

  /**
   * Builds the chunker for a repository: {@code d[i]} is the first 8 bytes (big-endian) of
   * SHA-256(seed32 || "holdfast gear" || (byte) i), and {@code gear[i]} is {@code d[i]} for {@link
   * ChunkerAlgorithm#FASTCDC_GEAR64_NC2} or {@code d[i] - d[0]} (mod 2<sup>64</sup>) for {@link
   * ChunkerAlgorithm#FASTCDC_GEAR64_NC2_ZEROCUT}. The seed is not retained.
   *
   * @param seed32 32 secret bytes derived from the repository key
   */
  public FastCdc(ChunkerAlgorithm algorithm, ChunkerParams params, byte[] seed32) {
    this.algorithm = Objects.requireNonNull(algorithm, "chunker algorithm");
    this.params = Objects.requireNonNull(params, "chunker params");
    this.zeroCut = algorithm == ChunkerAlgorithm.FASTCDC_GEAR64_NC2_ZEROCUT;
    if (seed32 == null || seed32.length != 32) {
      throw new IllegalArgumentException("chunker seed must be 32 bytes");
    }
    this.minSize = params.minSize();
    this.avgSize = params.avgSize();
    this.maxSize = params.maxSize();
    this.maskS = maskS(params.avgBits());
    this.maskL = maskL(params.avgBits());
    this.gear = gearTable(algorithm, seed32);
  }

  /** The rules this chunker cuts by. */
  public ChunkerAlgorithm algorithm() {
    return algorithm;
  }

  /** The sizes this chunker cuts to. */
  public ChunkerParams params() {
    return params;
  }

  /**
   * Length of the next chunk starting at {@code buf[off]}, looking at no more than {@code len}
   * bytes. Returns {@code len} when {@code len <= minSize}, otherwise a length in {@code (minSize,
   * min(len, maxSize)]}. The caller passes {@code len >= maxSize} unless the stream ends within
   * {@code len} bytes (then it passes the whole rest), so that a boundary never depends on how the
   * stream was buffered. A result shorter than {@code len} is final: more bytes after it would not
   * move it, which {@link StreamChunker} relies on to cut without waiting for {@code maxSize}
   * bytes.
   *
   * <p>The rule, part of the repository format ({@link ChunkerAlgorithm}): the hash is {@code h =
   * (h << 1) + gear[b]} (mod 2<sup>64</sup>), so bit k of h depends on the last k+1 bytes only. No
   * byte before {@code minSize} can end a chunk, so hashing starts 64 bytes before {@code minSize}
   * from {@code h = 0}; from then on h is exactly the hash of the last 64 bytes, and a boundary
   * depends only on those bytes and on the distance from the chunk start, which is what lets
   * boundaries resynchronise after an insertion or a deletion. A chunk ends after the byte at chunk
   * offset p ({@code p >= minSize}) when {@code (h & maskS) == 0} and {@code p < avgSize}, or
   * {@code (h & maskL) == 0} and {@code p >= avgSize}; otherwise at {@code maxSize}. With {@code
   * bits = log2(avgSize)}, maskS has bits+2 one-bits spread evenly over bits 63 down to 16 (so
   * every tested bit sees at least 17 bytes and bit 63 sees all 64), and maskL is maskS without
   * four of them, so a position that passes maskS also passes maskL.
   *
   * <p>With the zero-cut table ({@code gear[0] = 0}) a zero byte only shifts the hash: k zeros
   * after a hash H leave {@code H << k}, and 64 zeros leave 0, which passes both masks. In a run of
   * zeros the test therefore passes at the latest at its 64th zero, and mostly a few bytes earlier,
   * as soon as the bits of H shifted under the mask are zero (at the 63rd zero when bit 0 of H is
   * 0, and so on; with 1 MiB chunks three in four runs end a chunk by their 63rd zero, one in ten
   * by their 56th). A hash of 0 ends a chunk only when the byte before its window is not zero, so a
   * chunk ends in the first run past {@code minSize} that reaches 64 zeros (or by chance in a
   * shorter one), never deeper in a run: a boundary there depends on the last 65 bytes. Cuts so sit
   * on fixed places in the content (where a database page's free space begins), a chunk that starts
   * inside a run does not end one minimum later in the run of another page, and a long run of zeros
   * (a sparse file) is cut only by the sizes. The byte before the window is within the chunk, as
   * {@code minSize >= 64}.
   */
  public int cut(byte[] buf, int off, int len) {
    Objects.checkFromIndexSize(off, len, buf.length);
    if (len <= minSize) {
      return len;
    }
    final int n = Math.min(len, maxSize);
    // Locals: the JIT keeps them in registers; no field loads or calls inside the loops.
    final long[] g = gear;
    final long ms = maskS;
    final long ml = maskL;
    final int first = off + minSize;
    int i = first - WINDOW;
    long h = 0;
    for (; i < first; i++) {
      h = (h << 1) + g[buf[i] & 0xff];
    }
    final int normal = off + Math.min(n, avgSize);
    final boolean zc = zeroCut;
    for (; i < normal; i++) {
      h = (h << 1) + g[buf[i] & 0xff];
      if ((h & ms) == 0 && (h != 0 || !zc || buf[i - WINDOW] != 0)) {
        return i - off + 1;
      }
    }
    final int end = off + n;
    for (; i < end; i++) {
      h = (h << 1) + g[buf[i] & 0xff];
      if ((h & ml) == 0 && (h != 0 || !zc || buf[i - WINDOW] != 0)) {
        return i - off + 1;
      }
    }
    return n;
  }

  @Override
  public String toString() {
    // Deliberately without the table: it is derived from a secret.
    return "FastCdc[" + algorithm.configName() + ", " + params + "]";
  }

  /** The stricter mask, used before {@code avgSize}: bits+2 one-bits spread over the top bits. */
  static long maskS(int bits) {
    int ones = bits + 2;
    long mask = 0;
    for (int k = 0; k < ones; k++) {
      mask |= 1L << spreadBit(k, ones);
    }
    return mask;
  }

  /**
   * The looser mask, used from {@code avgSize} on: maskS without four of its one-bits, those at
   * ranks ones/8, 3*ones/8, 5*ones/8 and 7*ones/8 (never rank 0, so bit 63 stays).
   */
  static long maskL(int bits) {
    int ones = bits + 2;
    long mask = maskS(bits);
    for (int j = 0; j < 4; j++) {
      mask &= ~(1L << spreadBit((2 * j + 1) * ones / 8, ones));
    }
    return mask;
  }

  /** The bit position of the k-th of {@code ones} bits spread evenly from bit 63 downwards. */
  private static int spreadBit(int k, int ones) {
    return Long.SIZE - 1 - k * MASK_SPAN / ones;
  }

  private static long[] gearTable(ChunkerAlgorithm algorithm, byte[] seed) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
    long[] table = new long[256];
    for (int i = 0; i < table.length; i++) {
      sha256.update(seed);
      sha256.update(GEAR_LABEL);
      sha256.update((byte) i);
      byte[] d = sha256.digest();
      long v = 0;
      for (int k = 0; k < Long.BYTES; k++) {
        v = (v << 8) | (d[k] & 0xffL);
      }
      table[i] = v;
    }
    if (algorithm == ChunkerAlgorithm.FASTCDC_GEAR64_NC2_ZEROCUT) {
      long zero = table[0];
      for (int i = 0; i < table.length; i++) {
        table[i] -= zero;
      }
    }
    return table;
  }

  /** For tests: one entry of the secret table. Never log it. */
  long gear(int i) {
    return gear[i];
  }

  /** For tests. */
  long maskS() {
    return maskS;
  }

  /** For tests. */
  long maskL() {
    return maskL;
  }
}
