package dev.holdfast.tls.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.tls.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The verdict at a fixed moment against the thresholds: 30 and 7 days for a long certificate, a
 * third and a twelfth of the lifetime for a short one; expired and not-yet-valid apart.
 */
class ExpiryThresholdsTest {
  private static final Instant NOT_BEFORE = Instant.parse("2026-03-01T00:00:00Z");

  @ParameterizedTest(name = "{0} before the end of a 90-day certificate: {1}")
  @CsvSource({
    "P60D, OK",
    "PT720H0M1S, OK",
    "P30D, WARN",
    "P8D, WARN",
    "PT168H0M1S, WARN",
    "P7D, CRITICAL",
    "PT1S, CRITICAL",
    "PT0S, CRITICAL",
    "-PT1S, EXPIRED",
    "-P400D, EXPIRED",
    "P91D, NOT_YET_VALID"
  })
  void aNinetyDayCertificateWarnsAtThirtyDaysAndIsCriticalAtSeven(
      Duration beforeEnd, Verdict expected) {
    Instant notAfter = NOT_BEFORE.plus(Duration.ofDays(90));

    Verdict verdict =
        ExpiryThresholds.DEFAULT.verdict(NOT_BEFORE, notAfter, notAfter.minus(beforeEnd));

    assertThat(verdict).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} before the end of a 24-hour certificate: {1}")
  @CsvSource({"PT23H, OK", "PT8H0M1S, OK", "PT8H, WARN", "PT2H0M1S, WARN", "PT2H, CRITICAL"})
  void aShortCertificateIsJudgedByShareOfItsLifetimeNotByDays(
      Duration beforeEnd, Verdict expected) {
    Instant notAfter = NOT_BEFORE.plus(Duration.ofHours(24));

    assertThat(ExpiryThresholds.DEFAULT.verdict(NOT_BEFORE, notAfter, notAfter.minus(beforeEnd)))
        .isEqualTo(expected);
    assertThat(ExpiryThresholds.DEFAULT.warnAt(NOT_BEFORE, notAfter))
        .isEqualTo(notAfter.minus(Duration.ofHours(8)));
    assertThat(ExpiryThresholds.DEFAULT.criticalAt(NOT_BEFORE, notAfter))
        .isEqualTo(notAfter.minus(Duration.ofHours(2)));
  }

  @Test
  void givenThresholdsApplyAsGivenWhateverTheLifetime() {
    ExpiryThresholds thresholds = ExpiryThresholds.parse("60d", "P14D");
    Instant notAfter = NOT_BEFORE.plus(Duration.ofDays(90));

    assertThat(thresholds.verdict(NOT_BEFORE, notAfter, notAfter.minus(Duration.ofDays(61))))
        .isEqualTo(Verdict.OK);
    assertThat(thresholds.verdict(NOT_BEFORE, notAfter, notAfter.minus(Duration.ofDays(59))))
        .isEqualTo(Verdict.WARN);
    assertThat(thresholds.verdict(NOT_BEFORE, notAfter, notAfter.minus(Duration.ofDays(14))))
        .isEqualTo(Verdict.CRITICAL);
    assertThat(
            ExpiryThresholds.DEFAULT.verdict(
                NOT_BEFORE, notAfter, notAfter.minus(Duration.ofDays(59))))
        .as("the defaults cap at a third: 30 days")
        .isEqualTo(Verdict.OK);
  }

  @Test
  void thresholdsThatMakeNoSenseAreRefused() {
    assertThatThrownBy(() -> ExpiryThresholds.parse("7d", "30d"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("the critical threshold (30d) is longer than the warn threshold (7d)");
    assertThatThrownBy(() -> ExpiryThresholds.parse("soon", "7d"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("--warn: 'soon' is not a duration (e.g. 30d, 8h, 10m, or PT8H)");
    assertThatThrownBy(() -> new ExpiryThresholds(Duration.ofDays(-1), Duration.ZERO, true))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void onlyOkAndWarnAreReady() {
    assertThat(Verdict.OK.ready()).isTrue();
    assertThat(Verdict.WARN.ready()).isTrue();
    assertThat(Verdict.CRITICAL.ready()).isFalse();
    assertThat(Verdict.EXPIRED.ready()).isFalse();
    assertThat(Verdict.NOT_YET_VALID.ready()).isFalse();
    assertThat(Verdict.NOT_YET_VALID.word()).isEqualTo("not-yet-valid");
  }
}
