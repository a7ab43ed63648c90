package dev.holdfast.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KdfParamsTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    assertThat(KdfParams.DEFAULT).isEqualTo(new KdfParams("argon2id", 65536, 3, 1));
    assertThat(KdfParams.forTests()).isEqualTo(new KdfParams("argon2id", 64, 1, 1));
  }

  @ParameterizedTest
  @CsvSource({
    "argon2id, 8, 1, 1",
    "argon2id, 2097152, 64, 16",
    "argon2id, 128, 1, 16",
  })
  void acceptsTheLimits(String algorithm, int memoryKiB, int iterations, int parallelism) {
    assertThatCode(() -> new KdfParams(algorithm, memoryKiB, iterations, parallelism))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource({
    "scrypt,   65536,   3,  1, kdf.algorithm",
    "ARGON2ID, 65536,   3,  1, kdf.algorithm",
    "argon2id, 7,       1,  1, kdf.memoryKiB",
    "argon2id, 127,     1,  16, kdf.memoryKiB",
    "argon2id, 2097153, 1,  1, kdf.memoryKiB",
    "argon2id, -1,      1,  1, kdf.memoryKiB",
    "argon2id, 65536,   0,  1, kdf.iterations",
    "argon2id, 65536,   65, 1, kdf.iterations",
    "argon2id, 65536,   3,  0, kdf.parallelism",
    "argon2id, 65536,   3,  17, kdf.parallelism",
  })
  void rejectsOutOfBoundsNamingTheField(
      String algorithm, int memoryKiB, int iterations, int parallelism, String field) {
    assertThatThrownBy(() -> new KdfParams(algorithm, memoryKiB, iterations, parallelism))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(field);
  }

  @Test
  void rejectsMissingAlgorithm() {
    assertThatThrownBy(() -> new KdfParams(null, 65536, 3, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("kdf.algorithm");
  }
}
