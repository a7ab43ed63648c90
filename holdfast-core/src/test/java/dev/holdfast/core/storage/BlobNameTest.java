package dev.holdfast.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlobNameTest {
  /** The documented form of a blob name (docs/FORMAT.md): the reference the code meets. */
  private static final Pattern HEX_NAME = Pattern.compile("[0-9a-f]{2,64}");

  private static final String ALPHABET = "0af9gA/.\u0660";

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void namesAreTwoToSixtyFourLowerCaseHexDigits(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < 20_000; i++) {
      int n = random.nextInt(70);
      StringBuilder b = new StringBuilder();
      for (int j = 0; j < n; j++) {
        b.append(
            random.nextInt(8) == 0
                ? ALPHABET.charAt(random.nextInt(ALPHABET.length()))
                : "0123456789abcdef".charAt(random.nextInt(16)));
      }
      String s = b.toString();
      assertThat(BlobName.isValid(BlobKind.PACK, s))
          .as("seed %d: '%s'", seed, s)
          .isEqualTo(HEX_NAME.matcher(s).matches());
    }
    assertThat(BlobName.isValid(BlobKind.CONFIG, "config")).isTrue();
    assertThat(BlobName.isValid(BlobKind.CONFIG, "ab")).isFalse();
  }
}
