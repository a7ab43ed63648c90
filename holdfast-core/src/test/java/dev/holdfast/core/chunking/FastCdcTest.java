package dev.holdfast.core.chunking;

import static dev.holdfast.core.chunking.ChunkTesting.SMALL;
import static dev.holdfast.core.chunking.ChunkTesting.lengthsByCut;
import static dev.holdfast.core.chunking.ChunkTesting.randomBytes;
import static dev.holdfast.core.chunking.ChunkTesting.seed32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FastCdcTest {

  static LongStream seeds() {
    return LongStream.range(0, 8);
  }

  /**
   * Pins the repository format. These numbers change if the gear derivation, the masks, the hash
   * start or the cut rule change, and then every existing repository would stop deduplicating
   * against new backups: change them only together with a new {@link ChunkerAlgorithm}.
   */
  @Test
  void goldenBoundariesOfASeededStream() {
    FastCdc cdc = new FastCdc(ChunkerAlgorithm.FASTCDC_GEAR64_NC2, GOLDEN_PARAMS, countingSeed());

    List<Integer> lengths = lengthsByCut(cdc, goldenStream());

    assertThat(ChunkerAlgorithm.FASTCDC_GEAR64_NC2.configName())
        .isEqualTo("FASTCDC-2020-GEAR64-NC2");
    assertThat(lengths).hasSize(115);
    assertThat(lengths.subList(0, 5)).containsExactly(82187, 85840, 83983, 73110, 69606);
  }

  /** The same pin for the zero-cut table, over the same stream with runs of zeros written in. */
  @Test
  void goldenBoundariesOfTheZeroCutTable() {
    FastCdc cdc =
        new FastCdc(ChunkerAlgorithm.FASTCDC_GEAR64_NC2_ZEROCUT, GOLDEN_PARAMS, countingSeed());
    byte[] data = goldenStream();
    for (int at = 100_000; at < data.length; at += 100_000) {
      Arrays.fill(data, at, at + 64, (byte) 0);
    }

    List<Integer> lengths = lengthsByCut(cdc, data);

    assertThat(ChunkerAlgorithm.FASTCDC_GEAR64_NC2_ZEROCUT.configName())
        .isEqualTo("FASTCDC-2020-GEAR64-NC2-ZEROCUT");
    assertThat(lengths).hasSize(146);
    // The second chunk ends at the 64th zero of the run written at 100,000.
    assertThat(lengths.subList(0, 5)).containsExactly(66307, 33757, 78149, 21851, 79978);
  }

  private static final ChunkerParams GOLDEN_PARAMS =
      new ChunkerParams(16 * 1024, 64 * 1024, 256 * 1024);

  private static byte[] countingSeed() {
    byte[] seed = new byte[32];
    for (int i = 0; i < seed.length; i++) {
      seed[i] = (byte) i;
    }
    return seed;
  }

  private static byte[] goldenStream() {
    byte[] data = new byte[8 * 1024 * 1024];
    new Random(42).nextBytes(data);
    return data;
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ChunkerAlgorithm.class)
  void gearTableIsTheDocumentedDerivationFromTheSeed(ChunkerAlgorithm algorithm) throws Exception {
    byte[] seed = seed32(7);
    FastCdc cdc = new FastCdc(algorithm, SMALL, seed);
    long shift =
        algorithm == ChunkerAlgorithm.FASTCDC_GEAR64_NC2_ZEROCUT ? derivedGear(seed, 0) : 0;
    for (int i : new int[] {0, 1, 127, 128, 255}) {
      assertThat(cdc.gear(i)).as("gear[%d]", i).isEqualTo(derivedGear(seed, i) - shift);
    }
  }

  private static long derivedGear(byte[] seed, int i) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(seed);
    sha.update("holdfast gear".getBytes(StandardCharsets.US_ASCII));
    sha.update((byte) i);
    return ByteBuffer.wrap(sha.digest()).getLong();
  }

  @ParameterizedTest(name = "avgSize 2^{0}")
  @MethodSource("avgBits")
  void masksHaveNormalizedBitCountsInTheUpperBitsAndNest(int bits) {
    long s = FastCdc.maskS(bits);
    long l = FastCdc.maskL(bits);
    assertThat(Long.bitCount(s)).isEqualTo(bits + 2);
    assertThat(Long.bitCount(l)).isEqualTo(bits - 2);
    // Every position that passes the strict mask passes the loose one.
    assertThat(l & ~s).isZero();
    // Only bits that depend on at least 17 bytes, and the top bit, which sees all 64.
    assertThat(s & 0xffffL).isZero();
    assertThat(l & Long.MIN_VALUE).isNotZero();
  }

  static IntStream avgBits() {
    return IntStream.rangeClosed(7, 25);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void chunksStayWithinBoundsAndConcatenateToTheInput(long seed) {
    FastCdc cdc = new FastCdc(ChunkerAlgorithm.DEFAULT, SMALL, seed32(seed));
    for (byte[] data : inputsOfVariousEntropy(seed)) {
      List<Integer> lengths = lengthsByCut(cdc, data);
      ByteArrayOutputStream joined = new ByteArrayOutputStream();
      int off = 0;
      for (int i = 0; i < lengths.size(); i++) {
        int n = lengths.get(i);
        assertThat(n).as("seed %d, chunk %d", seed, i).isLessThanOrEqualTo(SMALL.maxSize());
        if (i < lengths.size() - 1) {
          assertThat(n).as("seed %d, chunk %d", seed, i).isGreaterThan(SMALL.minSize());
        } else {
          assertThat(n).as("seed %d, last chunk", seed).isPositive();
        }
        joined.write(data, off, n);
        off += n;
      }
      assertThat(joined.toByteArray()).as("seed %d", seed).isEqualTo(data);
    }
  }

  /** Random, constant, periodic and low-entropy data, each 256 KiB plus a seeded tail. */
  private static List<byte[]> inputsOfVariousEntropy(long seed) {
    Random r = new Random(seed);
    int n = 256 * 1024 + r.nextInt(8192);
    byte[] random = randomBytes(seed, n);
    byte[] zeros = new byte[n];
    byte[] periodic = new byte[n];
    for (int i = 0; i < n; i++) {
      periodic[i] = (byte) (i % 7);
    }
    byte[] lowEntropy = new byte[n];
    for (int i = 0; i < n; i++) {
      lowEntropy[i] = (byte) ('a' + r.nextInt(4));
    }
    return List.of(random, zeros, periodic, lowEntropy);
  }

  @Test
  void emptyInputHasNoChunk() {
    FastCdc cdc = new FastCdc(ChunkerAlgorithm.DEFAULT, SMALL, seed32(1));
    assertThat(lengthsByCut(cdc, new byte[0])).isEmpty();
    assertThat(cdc.cut(new byte[0], 0, 0)).isZero();
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {1, 64, 2047, 2048})
  void inputUpToMinSizeIsOneChunk(int size) {
    FastCdc cdc = new FastCdc(ChunkerAlgorithm.DEFAULT, SMALL, seed32(1));
    assertThat(lengthsByCut(cdc, randomBytes(size, size))).containsExactly(size);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aCutFoundBeforeTheEndOfTheWindowDoesNotMoveWithMoreData(long seed) {
    FastCdc cdc = new FastCdc(ChunkerAlgorithm.DEFAULT, SMALL, seed32(seed));
    byte[] data = randomBytes(seed, 4 * SMALL.maxSize());
    Random r = new Random(seed);
    int off = r.nextInt(SMALL.maxSize());
    int full = cdc.cut(data, off, SMALL.maxSize());
    for (int k = 0; k < 50; k++) {
      int len = SMALL.minSize() + 1 + r.nextInt(SMALL.maxSize() - SMALL.minSize());
      int partial = cdc.cut(data, off, len);
      if (partial < len) {
        assertThat(partial).as("seed %d, len %d", seed, len).isEqualTo(full);
      } else {
        assertThat(full).as("seed %d, len %d", seed, len).isGreaterThanOrEqualTo(len);
      }
    }
  }

  @Test
  void cutRejectsARangeOutsideTheBuffer() {
    FastCdc cdc = new FastCdc(ChunkerAlgorithm.DEFAULT, SMALL, seed32(1));
    byte[] buf = new byte[100];
    assertThatThrownBy(() -> cdc.cut(buf, 50, 51)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> cdc.cut(buf, -1, 10)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void seedMustBe32Bytes() {
    assertThatThrownBy(() -> new FastCdc(ChunkerAlgorithm.DEFAULT, SMALL, new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> new FastCdc(ChunkerAlgorithm.DEFAULT, SMALL, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringDoesNotRevealTheTable() {
    FastCdc cdc = new FastCdc(ChunkerAlgorithm.DEFAULT, SMALL, seed32(3));
    String text = cdc.toString();
    for (int i = 0; i < 256; i++) {
      if (cdc.gear(i) == 0) {
        continue; // the zero-cut table's entry for the zero byte: public by design
      }
      assertThat(text).doesNotContain(Long.toHexString(cdc.gear(i)));
      assertThat(text).doesNotContain(Long.toString(cdc.gear(i)));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void differentSeedsGiveDifferentBoundaries(long seed) {
    byte[] data = randomBytes(seed, 1024 * 1024);
    byte[] key = seed32(seed);
    byte[] otherKey = key.clone();
    otherKey[new Random(seed).nextInt(32)] ^= 1;

    List<Integer> a = lengthsByCut(new FastCdc(ChunkerAlgorithm.DEFAULT, SMALL, key), data);
    List<Integer> b = lengthsByCut(new FastCdc(ChunkerAlgorithm.DEFAULT, SMALL, otherKey), data);

    assertThat(b).as("seed %d", seed).isNotEqualTo(a);
    // Not just shifted at the end: the first boundaries already differ.
    assertThat(b.subList(0, 10)).as("seed %d", seed).isNotEqualTo(a.subList(0, 10));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void sameSeedGivesSameBoundaries(long seed) {
    byte[] data = randomBytes(seed, 1024 * 1024);
    List<Integer> a =
        lengthsByCut(new FastCdc(ChunkerAlgorithm.DEFAULT, SMALL, seed32(seed)), data);
    List<Integer> b =
        lengthsByCut(new FastCdc(ChunkerAlgorithm.DEFAULT, SMALL, seed32(seed)), data);
    assertThat(b).as("seed %d", seed).isEqualTo(a).hasSizeGreaterThan(50);
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("paramsAndSeeds")
  void averageChunkSizeOnRandomDataIsNearAvgSize(ChunkerParams params, long seed) {
    byte[] data = randomBytes(seed, 4 * 1024 * 1024);
    List<Integer> lengths =
        lengthsByCut(new FastCdc(ChunkerAlgorithm.DEFAULT, params, seed32(seed)), data);
    double mean = (double) data.length / lengths.size();
    assertThat(mean / params.avgSize())
        .as("%s, seed %d: mean %.0f over %d chunks", params, seed, mean, lengths.size())
        .isBetween(0.75, 1.25);
  }

  static Stream<Arguments> paramsAndSeeds() {
    List<ChunkerParams> params =
        List.of(
            new ChunkerParams(64, 128, 4096),
            new ChunkerParams(1024, 8192, 65536),
            SMALL,
            new ChunkerParams(4096, 8192, 65536),
            new ChunkerParams(16 * 1024, 64 * 1024, 256 * 1024));
    return params.stream()
        .flatMap(p -> LongStream.rangeClosed(1, 3).mapToObj(s -> Arguments.of(p, s)));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ChunkerAlgorithm.class)
  void constantInputCutsAtTheSameLengthEveryTime(ChunkerAlgorithm algorithm) {
    // Every window of a constant stream hashes alike, so only the size limits can decide; a
    // repeating cut length is the sign that no state leaks from one chunk into the next.
    byte[] zeros = new byte[1024 * 1024];
    List<Integer> lengths = lengthsByCut(new FastCdc(algorithm, SMALL, seed32(5)), zeros);
    assertThat(lengths.subList(0, lengths.size() - 1)).containsOnly(lengths.get(0));
    assertThat(Arrays.asList(SMALL.minSize() + 1, SMALL.avgSize() + 1, SMALL.maxSize()))
        .contains(lengths.get(0));
  }
}
