package dev.holdfast.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AppVersionTest {
  /** The documented forms (docs/CLI.md), as regular expressions: the reference the code meets. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,127}");

  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+/-]{0,255}");

  private static final String ALPHABET = "aZ09._/-:@+= é\n\u0000";

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void acceptsExactlyTheDocumentedForms(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < 20_000; i++) {
      String s = randomString(random, random.nextInt(4) == 0 ? 300 : 6);
      boolean nameOk = accepts(s, "v1");
      boolean versionOk = accepts("app", s);
      assertThat(nameOk).as("seed %d: name '%s'", seed, s).isEqualTo(NAME.matcher(s).matches());
      assertThat(versionOk)
          .as("seed %d: version '%s'", seed, s)
          .isEqualTo(VERSION.matcher(s).matches());
    }
  }

  @Test
  void parsesNameEqualsVersionAndAcceptsImageDigests() {
    String digest = "ghcr.io/acme/shop@sha256:" + "0f".repeat(32);
    assertThat(AppVersion.parse("shop=" + digest)).isEqualTo(new AppVersion("shop", digest));
    assertThat(new AppVersion("a".repeat(128), "v".repeat(256)).name()).hasSize(128);
    assertThatThrownBy(() -> new AppVersion("a".repeat(129), "1"))
        .hasMessageContaining("invalid application name");
    assertThatThrownBy(() -> AppVersion.parse("shop")).hasMessageContaining("NAME=VERSION");
  }

  private static boolean accepts(String name, String version) {
    try {
      new AppVersion(name, version);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String randomString(Random random, int maxLength) {
    int n = random.nextInt(maxLength + 1);
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }
}
