package dev.holdfast.tls.renewal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.tls.InvalidRequestException;
import dev.holdfast.tls.material.SerialNumber;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Renewal points by fraction or duration, jitter only ever earlier and within its bound. */
class RenewalPolicyTest {
  private static final Instant NOT_BEFORE = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant NOT_AFTER = NOT_BEFORE.plus(Duration.ofHours(24));

  @Test
  void theDefaultRenewsAtTwoThirdsOfTheLifetime() {
    assertThat(RenewalPolicy.DEFAULT.renewAt(NOT_BEFORE, NOT_AFTER, 0))
        .isEqualTo(NOT_BEFORE.plus(Duration.ofHours(16)));
    assertThat(RenewalPolicy.DEFAULT.describe())
        .isEqualTo("at 67% of the lifetime (up to 10% earlier)");
  }

  @ParameterizedTest
  @CsvSource({
    "50%, 2026-03-01T12:00:00Z",
    "75%, 2026-03-01T18:00:00Z",
    "8h, 2026-03-01T16:00:00Z",
    "30m, 2026-03-01T23:30:00Z",
    "PT2H, 2026-03-01T22:00:00Z",
    "2d, 2026-03-01T00:00:00Z",
  })
  void aConfiguredPointIsAPercentageOrADurationBeforeExpiry(String text, String expected) {
    assertThat(RenewalPolicy.parse(text).renewAt(NOT_BEFORE, NOT_AFTER, 0))
        .isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void jitterOnlyBringsRenewalForwardAndNoMoreThanItsShare(long seed) {
    Random random = new Random(seed);
    Instant nominal = NOT_BEFORE.plus(Duration.ofHours(16));
    Instant earliest = nominal.minus(Duration.ofMinutes(96)); // 10% of the 16 hours
    Instant first = null;
    for (int i = 0; i < 1000; i++) {
      Instant at = RenewalPolicy.DEFAULT.renewAt(NOT_BEFORE, NOT_AFTER, random.nextDouble());
      assertThat(at).as("seed %d draw %d", seed, i).isBetween(earliest, nominal);
      first = first == null ? at : first;
    }
    Instant replay =
        RenewalPolicy.DEFAULT.renewAt(NOT_BEFORE, NOT_AFTER, new Random(seed).nextDouble());
    assertThat(replay).as("seed %d replays", seed).isEqualTo(first);
  }

  @Test
  void nonsenseIsRefused() {
    assertThatThrownBy(() -> RenewalPolicy.parse("150%"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> RenewalPolicy.parse("soon"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            "not a renewal point: 'soon' (a percentage such as 67%, or a duration such as 8h)");
    assertThatThrownBy(() -> RenewalPolicy.atFraction(0))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> RenewalPolicy.DEFAULT.withJitter(0.9))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("renewal jitter must be between 0 and 0.5, not 0.9");
    assertThatThrownBy(() -> RenewalPolicy.beforeExpiry(Duration.ZERO))
        .isInstanceOf(InvalidRequestException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"50%", "66.5%", "75%", "8h", "30m", "2d", "PT90M"})
  void theWrittenFormReadsBackAsTheSamePoint(String text) {
    RenewalPolicy policy = RenewalPolicy.parse(text);

    RenewalPolicy again = RenewalPolicy.parse(policy.format());

    assertThat(again.renewAt(NOT_BEFORE, NOT_AFTER, 0.5))
        .isEqualTo(policy.renewAt(NOT_BEFORE, NOT_AFTER, 0.5));
  }

  @Test
  void theDefaultsWrittenFormIsTwoThirds() {
    assertThat(
            RenewalPolicy.parse(RenewalPolicy.DEFAULT.format()).renewAt(NOT_BEFORE, NOT_AFTER, 0))
        .isEqualTo(NOT_BEFORE.plus(Duration.ofHours(16)));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13, 14, 15})
  void jitterDrawnFromTheSerialIsTheSameEveryTimeAndSpreadsSerials(long seed) {
    Random random = new Random(seed);
    Set<Double> draws = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      SerialNumber serial = new SerialNumber(new BigInteger(127, random).add(BigInteger.ONE));
      double draw = RenewalPolicy.jitterDraw(serial);
      assertThat(draw).as("seed %d serial %s", seed, serial).isBetween(0.0, 1.0).isNotEqualTo(1.0);
      assertThat(RenewalPolicy.jitterDraw(new SerialNumber(serial.value())))
          .as("seed %d serial %s", seed, serial)
          .isEqualTo(draw);
      draws.add(draw);
    }
    assertThat(draws).as("seed %d", seed).hasSize(200);
    assertThat(draws.stream().filter(d -> d < 0.5).count())
        .as("seed %d", seed)
        .isBetween(60L, 140L);
  }
}
