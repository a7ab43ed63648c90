package dev.holdfast.core.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.UsageError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeepDurationTest {

  @ParameterizedTest
  @CsvSource({
    "7d, 0, 0, 7, 0, 7d",
    "1y2m3d4h, 1, 2, 3, 4, 1y2m3d4h",
    "36h, 0, 0, 0, 36, 36h",
    "4h3d, 0, 0, 3, 4, 3d4h",
    "' 2m ', 0, 2, 0, 0, 2m",
    "1d2d, 0, 0, 2, 0, 2d",
    "0d, 0, 0, 0, 0, ''"
  })
  void parsesResticsForm(String text, int years, int months, int days, int hours, String printed) {
    KeepDuration d = KeepDuration.parse(text, "--keep-within");
    assertThat(d).isEqualTo(new KeepDuration(years, months, days, hours));
    assertThat(d.toString()).isEqualTo(printed);
  }

  @Test
  void zeroTurnsTheRuleOff() {
    assertThat(KeepDuration.parse("0y0d", "x").isZero()).isTrue();
    assertThat(KeepDuration.parse("1h", "x").isZero()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "7", "d", "7w", "-1d", "1.5d", "7 d", "10000000d", "1d-2h", "٣d"})
  void refusesWhatIsNotADurationNamingTheOption(String text) {
    assertThatThrownBy(() -> KeepDuration.parse(text, "--keep-within-daily"))
        .isInstanceOf(UsageError.class)
        .hasMessageStartingWith("--keep-within-daily: ");
  }
}
