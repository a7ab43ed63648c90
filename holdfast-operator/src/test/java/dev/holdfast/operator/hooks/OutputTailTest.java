package dev.holdfast.operator.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OutputTailTest {
  static Stream<Arguments> seeds() {
    return Stream.of(1L, 2L, 3L, 42L, 1234L).map(Arguments::of);
  }

  /** Whatever the sizes of the writes, the tail is the last bytes of everything written. */
  @ParameterizedTest
  @MethodSource("seeds")
  void keepsExactlyTheLastBytesWritten(long seed) {
    Random random = new Random(seed);
    OutputTail tail = new OutputTail(64);
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      StringBuilder chunk = new StringBuilder();
      int length = random.nextInt(150);
      for (int j = 0; j < length; j++) {
        chunk.append((char) ('a' + random.nextInt(26)));
      }
      byte[] bytes = chunk.toString().getBytes(StandardCharsets.US_ASCII);
      if (random.nextBoolean()) {
        tail.write(bytes, 0, bytes.length);
      } else {
        for (byte b : bytes) {
          tail.write(b);
        }
      }
      all.append(chunk);
    }
    String expected = all.substring(Math.max(0, all.length() - 64));
    assertThat(tail.text()).as("seed " + seed).isEqualTo(expected.strip());
    assertThat(tail.written()).as("seed " + seed).isEqualTo(all.length());
  }

  @Test
  void controlCharactersAreShownAsQuestionMarks() {
    OutputTail tail = new OutputTail(16);
    byte[] bytes = {'o', 'k', 0x1b, '[', '3', '1', 'm', '\n', 'x'};
    tail.write(bytes, 0, bytes.length);
    assertThat(tail.text()).isEqualTo("ok?[31m\nx");
  }
}
