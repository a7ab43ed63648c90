package dev.holdfast.core.chunking;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChunkerParamsTest {

  @ParameterizedTest(name = "({0}, {1}, {2}) is rejected naming {3}")
  @CsvSource({
    "63, 128, 256, minSize",
    "0, 128, 256, minSize",
    "-1, 128, 256, minSize",
    "64, 96, 256, avgSize",
    "64, 0, 256, avgSize",
    "64, -128, 256, avgSize",
    "128, 128, 256, minSize",
    "256, 128, 512, minSize",
    "64, 128, 128, maxSize",
    "64, 128, 100, maxSize",
    "1024, 33554432, 67108865, maxSize",
  })
  void validationErrorsNameTheBadField(int min, int avg, int max, String field) {
    assertThatThrownBy(() -> new ChunkerParams(min, avg, max))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(field);
  }

  @ParameterizedTest(name = "({0}, {1}, {2}) is accepted")
  @CsvSource({
    "64, 128, 129",
    "524288, 1048576, 8388608",
    "16384, 65536, 262144",
    "1048576, 33554432, 67108864",
  })
  void boundaryValuesAreAccepted(int min, int avg, int max) {
    assertThatCode(() -> new ChunkerParams(min, avg, max)).doesNotThrowAnyException();
  }
}
