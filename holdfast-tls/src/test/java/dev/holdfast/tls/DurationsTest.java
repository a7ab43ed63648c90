package dev.holdfast.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Durations are a number with a unit or ISO-8601, and print back in the short form. */
class DurationsTest {
  @ParameterizedTest
  @CsvSource({
    "30d, P30D",
    "8h, PT8H",
    "10m, PT10M",
    "45s, PT45S",
    "200ms, PT0.2S",
    "PT8H, PT8H",
    "p1d, P1D"
  })
  void aNumberWithAUnitOrIsoIsADuration(String text, Duration expected) {
    assertThat(Durations.parse(text, "--lifetime")).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "P30D, 30d",
    "PT8H, 8h",
    "PT90M, 90m",
    "PT45S, 45s",
    "PT0.25S, 250ms",
    "PT1.5S, PT1.5S"
  })
  void durationsPrintInTheShortForm(Duration duration, String expected) {
    assertThat(Durations.format(duration)).isEqualTo(expected);
    if (!expected.startsWith("PT")) { // the short forms read back
      assertThat(Durations.parse(expected, "x")).isEqualTo(duration);
    }
  }

  @Test
  void anythingElseNamesTheSetting() {
    assertThatThrownBy(() -> Durations.parse("a while", "--lifetime"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("--lifetime: 'a while' is not a duration (e.g. 30d, 8h, 10m, or PT8H)");
  }
}
