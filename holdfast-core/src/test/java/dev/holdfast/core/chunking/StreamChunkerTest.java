package dev.holdfast.core.chunking;

import static dev.holdfast.core.chunking.ChunkTesting.SMALL;
import static dev.holdfast.core.chunking.ChunkTesting.collector;
import static dev.holdfast.core.chunking.ChunkTesting.lengths;
import static dev.holdfast.core.chunking.ChunkTesting.lengthsByCut;
import static dev.holdfast.core.chunking.ChunkTesting.randomBytes;
import static dev.holdfast.core.chunking.ChunkTesting.seed32;
import static dev.holdfast.core.chunking.ChunkTesting.splitStream;
import static dev.holdfast.core.chunking.ChunkTesting.withZeroRuns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StreamChunkerTest {

  static LongStream seeds() {
    return LongStream.range(0, 6);
  }

  /** Sizes around the interesting points: empty, min, avg, max, buffer sizes, several buffers. */
  private static int sizeFor(long seed) {
    int[] sizes = {0, 1, 2048, 8193, 65536, 131072, 300_000, 1_000_000};
    Random r = new Random(seed);
    return sizes[(int) (seed % sizes.length)] + (seed < sizes.length ? 0 : r.nextInt(4096));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void streamGivesTheSameChunksAsCuttingTheWholeArray(long seed) {
    FastCdc cdc = new FastCdc(ChunkerAlgorithm.DEFAULT, SMALL, seed32(seed));
    byte[] data = randomBytes(seed, 1_000_000 + new Random(seed).nextInt(100_000));

    List<byte[]> chunks = splitStream(new StreamChunker(cdc), data);

    assertThat(lengths(chunks)).as("seed %d", seed).isEqualTo(lengthsByCut(cdc, data));
    assertThat(concat(chunks)).as("seed %d", seed).isEqualTo(data);
  }

  static Stream<Arguments> algorithmsAndSeeds() {
    return Stream.of(ChunkerAlgorithm.values())
        .flatMap(a -> seeds().mapToObj(s -> Arguments.of(a, s)));
  }

  /** With runs of zeros, so that the zero-cut rule's look back meets every buffer split. */
  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("algorithmsAndSeeds")
  void streamChannelAndShortReadsGiveTheSameChunks(ChunkerAlgorithm algorithm, long seed)
      throws IOException {
    FastCdc cdc = new FastCdc(algorithm, SMALL, seed32(seed));
    byte[] data = withZeroRuns(seed, 300_000 + new Random(seed).nextInt(100_000));
    List<Integer> expected = lengthsByCut(cdc, data);

    List<byte[]> viaStream = new ArrayList<>();
    long read = new StreamChunker(cdc).split(new ByteArrayInputStream(data), collector(viaStream));
    List<byte[]> viaChannel = new ArrayList<>();
    new StreamChunker(cdc).split(new ArrayChannel(data, null), collector(viaChannel));
    List<byte[]> viaShortStream = new ArrayList<>();
    new StreamChunker(cdc).split(new ShortReads(data, seed), collector(viaShortStream));
    List<byte[]> viaShortChannel = new ArrayList<>();
    new StreamChunker(cdc)
        .split(new ArrayChannel(data, new Random(seed)), collector(viaShortChannel));

    assertThat(read).isEqualTo(data.length);
    assertThat(lengths(viaStream)).as("stream, seed %d", seed).isEqualTo(expected);
    assertThat(lengths(viaChannel)).as("channel, seed %d", seed).isEqualTo(expected);
    assertThat(lengths(viaShortStream)).as("short stream, seed %d", seed).isEqualTo(expected);
    assertThat(lengths(viaShortChannel)).as("short channel, seed %d", seed).isEqualTo(expected);
    assertThat(concat(viaShortStream)).as("seed %d", seed).isEqualTo(data);
    assertThat(concat(viaShortChannel)).as("seed %d", seed).isEqualTo(data);
  }

  @Test
  void fileChannelGivesTheSameChunksAsTheArray(@TempDir Path dir) throws IOException {
    FastCdc cdc = new FastCdc(ChunkerAlgorithm.DEFAULT, SMALL, seed32(9));
    byte[] data = randomBytes(9, 500_000);
    Path file = Files.write(dir.resolve("data.bin"), data);

    List<byte[]> chunks = new ArrayList<>();
    long read;
    try (FileChannel ch = FileChannel.open(file)) {
      read = new StreamChunker(cdc).split(ch, collector(chunks));
    }

    assertThat(read).isEqualTo(data.length);
    assertThat(lengths(chunks)).isEqualTo(lengthsByCut(cdc, data));
  }

  @Test
  void emptyStreamYieldsNoChunk() throws IOException {
    StreamChunker chunker =
        new StreamChunker(new FastCdc(ChunkerAlgorithm.DEFAULT, SMALL, seed32(1)));
    List<byte[]> chunks = new ArrayList<>();
    assertThat(chunker.split(InputStream.nullInputStream(), collector(chunks))).isZero();
    assertThat(chunker.split(new ArrayChannel(new byte[0], null), collector(chunks))).isZero();
    assertThat(chunks).isEmpty();
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {1, 10, 2047, 2048})
  void streamUpToMinSizeIsExactlyOneChunk(int size) {
    byte[] data = randomBytes(size, size);
    List<byte[]> chunks =
        splitStream(
            new StreamChunker(new FastCdc(ChunkerAlgorithm.DEFAULT, SMALL, seed32(1))), data);
    assertThat(chunks).hasSize(1);
    assertThat(chunks.get(0)).isEqualTo(data);
  }

  @Test
  void shortStreamDoesNotAllocateTwiceMaxSize() {
    StreamChunker chunker =
        new StreamChunker(new FastCdc(ChunkerAlgorithm.DEFAULT, ChunkerParams.DEFAULT, seed32(2)));
    int twiceMax = 2 * ChunkerParams.DEFAULT.maxSize();
    assertThat(chunker.bufferCapacity()).isLessThan(twiceMax);

    splitStream(chunker, randomBytes(2, 10));
    assertThat(chunker.bufferCapacity()).isEqualTo(StreamChunker.INITIAL_CAPACITY);

    byte[] data = randomBytes(3, 3 * 1024 * 1024);
    List<byte[]> chunks = splitStream(chunker, data);
    assertThat(concat(chunks)).isEqualTo(data);
    assertThat(chunker.bufferCapacity())
        .isGreaterThanOrEqualTo(data.length)
        .isLessThan(ChunkerParams.DEFAULT.maxSize());
  }

  @Test
  void longStreamBufferStopsGrowingAtTwiceMaxSize() {
    StreamChunker chunker =
        new StreamChunker(new FastCdc(ChunkerAlgorithm.DEFAULT, SMALL, seed32(4)));
    byte[] data = randomBytes(4, 20 * SMALL.maxSize());
    splitStream(chunker, data);
    assertThat(chunker.bufferCapacity()).isEqualTo(2 * SMALL.maxSize());
  }

  @Test
  void chunkerIsReusableAcrossFilesAndAfterAFailure() throws IOException {
    FastCdc cdc = new FastCdc(ChunkerAlgorithm.DEFAULT, SMALL, seed32(6));
    StreamChunker chunker = new StreamChunker(cdc);
    for (long seed = 0; seed < 8; seed++) {
      byte[] data = randomBytes(seed, sizeFor(seed));
      assertThat(lengths(splitStream(chunker, data)))
          .as("seed %d, %d bytes", seed, data.length)
          .isEqualTo(lengthsByCut(cdc, data));
    }

    byte[] data = randomBytes(7, 400_000);
    assertThatThrownBy(
            () ->
                chunker.split(
                    new ByteArrayInputStream(data),
                    (buf, off, len) -> {
                      throw new IOException("disk full while storing chunk");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("disk full");
    assertThat(lengths(splitStream(chunker, data))).isEqualTo(lengthsByCut(cdc, data));
  }

  @Test
  void nonBlockingChannelIsRefused() throws IOException {
    Pipe pipe = Pipe.open();
    try {
      Pipe.SourceChannel source = pipe.source();
      source.configureBlocking(false);
      StreamChunker chunker =
          new StreamChunker(new FastCdc(ChunkerAlgorithm.DEFAULT, SMALL, seed32(1)));
      assertThatThrownBy(() -> chunker.split(source, (b, o, l) -> {}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("blocking");
    } finally {
      pipe.sink().close();
      pipe.source().close();
    }
  }

  private static byte[] concat(List<byte[]> chunks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    chunks.forEach(out::writeBytes);
    return out.toByteArray();
  }

  /** An InputStream that returns 1 to 7 bytes per read, as a slow network stream might. */
  private static final class ShortReads extends InputStream {
    private final byte[] data;
    private final Random random;
    private int pos;

    ShortReads(byte[] data, long seed) {
      this.data = data;
      this.random = new Random(seed);
    }

    @Override
    public int read() {
      return pos < data.length ? data[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos == data.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, 1 + random.nextInt(7)), data.length - pos);
      System.arraycopy(data, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  /** A channel over an array; with a random, it returns 1 to 7 bytes per read. */
  private static final class ArrayChannel implements ReadableByteChannel {
    private final byte[] data;
    private final Random shortReads;
    private int pos;

    ArrayChannel(byte[] data, Random shortReads) {
      this.data = data;
      this.shortReads = shortReads;
    }

    @Override
    public int read(ByteBuffer dst) {
      if (pos == data.length) {
        return -1;
      }
      int n = Math.min(dst.remaining(), data.length - pos);
      if (shortReads != null) {
        n = Math.min(n, 1 + shortReads.nextInt(7));
      }
      dst.put(data, pos, n);
      pos += n;
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }
}
