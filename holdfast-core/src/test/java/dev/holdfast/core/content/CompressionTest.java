package dev.holdfast.core.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompressionTest {

  /** Random bytes, or text-like bytes from a small alphabet that zstd shrinks. */
  private static byte[] sample(Random random, int size, boolean compressible) {
    byte[] b = new byte[size];
    random.nextBytes(b);
    if (compressible) {
      for (int i = 0; i < size; i++) {
        b[i] = (byte) ('a' + Math.floorMod(b[i], 4));
      }
    }
    return b;
  }

  private static byte[] framedCopy(Compression.Framed f) {
    return Arrays.copyOfRange(f.buf(), f.off(), f.off() + f.len());
  }

  private static byte[] bytesOf(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void bothDecodersReturnWhatWasFramed(long seed) {
    Random random = new Random(seed);
    boolean compressible = seed % 2 == 0;
    byte[] in = sample(random, random.nextInt(3 * 1024 * 1024), compressible);
    try (Compression c = new Compression(3)) {
      byte[] framed = framedCopy(c.frame(in, 0, in.length));

      assertThat(framed[0])
          .as("seed %d: encoding", seed)
          .isEqualTo(compressible && in.length >= 64 ? Compression.ZSTD : Compression.RAW);
      assertThat(c.unframe(framed, 0, framed.length, in.length)).isEqualTo(in);
      ByteBuffer direct = c.unframeDirect(framed, 0, framed.length, in.length);
      assertThat(direct.isDirect()).isTrue();
      assertThat(direct.isReadOnly()).isTrue();
      assertThat(bytesOf(direct)).as("seed %d", seed).isEqualTo(in);
    }
  }

  @Test
  void decodesOneAfterAnotherIntoGrowingNativeMemory() {
    Random random = new Random(11);
    byte[] small = sample(random, 1000, true);
    byte[] large = sample(random, 200_000, true);
    try (Compression c = new Compression(3)) {
      byte[] framedSmall = framedCopy(c.frame(small, 0, small.length));
      byte[] framedLarge = framedCopy(c.frame(large, 0, large.length));

      ByteBuffer first = c.unframeDirect(framedSmall, 0, framedSmall.length, small.length);
      assertThat(bytesOf(first)).isEqualTo(small);
      ByteBuffer second = c.unframeDirect(framedLarge, 0, framedLarge.length, large.length);
      assertThat(bytesOf(second)).isEqualTo(large);
      assertThat(second.remaining()).isEqualTo(large.length);
    }
  }

  @Test
  void refusesPayloadsThatDoNotDecodeToTheRecordedLength() {
    byte[] text = "holdfast ".repeat(100).getBytes(StandardCharsets.US_ASCII);
    try (Compression c = new Compression(3)) {
      byte[] zstd = framedCopy(c.frame(text, 0, text.length));
      byte[] raw = {Compression.RAW, 1, 2, 3};

      for (int claimed : new int[] {text.length - 1, text.length + 1}) {
        assertThatThrownBy(() -> c.unframeDirect(zstd, 0, zstd.length, claimed))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("zstd payload");
        assertThatThrownBy(() -> c.unframe(zstd, 0, zstd.length, claimed))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("zstd payload");
      }
      assertThatThrownBy(() -> c.unframeDirect(raw, 0, raw.length, 4))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("raw payload has 3 bytes, expected 4");
      assertThatThrownBy(() -> c.unframe(raw, 0, raw.length, 2))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("raw payload has 3 bytes, expected 2");
    }
  }

  @Test
  void refusesEmptyUnknownAndTruncatedPayloads() {
    byte[] text = "holdfast ".repeat(100).getBytes(StandardCharsets.US_ASCII);
    try (Compression c = new Compression(3)) {
      byte[] zstd = framedCopy(c.frame(text, 0, text.length));

      assertThatThrownBy(() -> c.unframeDirect(new byte[0], 0, 0, 0))
          .hasMessage("empty framed payload");
      assertThatThrownBy(() -> c.unframeDirect(new byte[] {7, 1}, 0, 2, 1))
          .hasMessage("unknown payload encoding 7");
      assertThatThrownBy(() -> c.unframeDirect(zstd, 0, zstd.length - 3, text.length))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("zstd payload");
      assertThatThrownBy(() -> c.unframe(new byte[] {7, 1}, 0, 2, 1))
          .hasMessage("unknown payload encoding 7");
    }
  }

  @Test
  void levelZeroStoresEverythingRaw() {
    byte[] text = "holdfast ".repeat(100).getBytes(StandardCharsets.US_ASCII);
    try (Compression c = new Compression(0)) {
      byte[] framed = framedCopy(c.frame(text, 0, text.length));

      assertThat(framed[0]).isEqualTo(Compression.RAW);
      assertThat(bytesOf(c.unframeDirect(framed, 0, framed.length, text.length))).isEqualTo(text);
    }
    assertThatThrownBy(() -> new Compression(20)).hasMessageContaining("0..19");
  }
}
