package dev.holdfast.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {
  private static final RetryPolicy POLICY =
      new RetryPolicy(10, Duration.ofMinutes(2), Duration.ofMillis(500), Duration.ofSeconds(30));

  @Test
  void theCapDoublesAfterEachFailureUpToTheMaximum() {
    assertThat(POLICY.cap(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(POLICY.cap(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(POLICY.cap(3)).isEqualTo(Duration.ofSeconds(2));
    assertThat(POLICY.cap(6)).isEqualTo(Duration.ofSeconds(16));
    assertThat(POLICY.cap(7)).isEqualTo(Duration.ofSeconds(30));
    assertThat(POLICY.cap(1000)).as("no overflow").isEqualTo(Duration.ofSeconds(30));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void delaysAreFullJitterBelowTheCapAndSpreadOverIt(long seed) {
    Random random = new Random(seed);
    for (int failures = 1; failures <= 12; failures++) {
      Duration cap = POLICY.cap(failures);
      Set<Duration> seen = new HashSet<>();
      long lowHalf = 0;
      for (int i = 0; i < 400; i++) {
        Duration d = POLICY.delay(failures, random);
        assertThat(d)
            .as("seed %d, after %d failures", seed, failures)
            .isBetween(Duration.ZERO, cap);
        assertThat(d).isLessThan(cap);
        seen.add(d);
        lowHalf += d.compareTo(cap.dividedBy(2)) < 0 ? 1 : 0;
      }
      assertThat(seen).as("seed %d: jitter, not a fixed wait", seed).hasSizeGreaterThan(390);
      assertThat(lowHalf)
          .as("seed %d, after %d failures: uniform over [0, cap)", seed, failures)
          .isBetween(140L, 260L);
    }
  }

  @Test
  void theSameSeedGivesTheSameDelays() {
    Random a = new Random(42);
    Random b = new Random(42);
    for (int failures = 1; failures < 10; failures++) {
      assertThat(POLICY.delay(failures, a)).isEqualTo(POLICY.delay(failures, b));
    }
  }

  @Test
  void theCloudDefaultsAllowTenTriesWithinTwoMinutes() {
    assertThat(RetryPolicy.CLOUD.maxAttempts()).isEqualTo(10);
    assertThat(RetryPolicy.CLOUD.maxElapsed()).isEqualTo(Duration.ofMinutes(2));
    Duration worstWaits = Duration.ZERO;
    for (int failures = 1; failures < RetryPolicy.CLOUD.maxAttempts(); failures++) {
      worstWaits = worstWaits.plus(RetryPolicy.CLOUD.cap(failures));
    }
    assertThat(worstWaits)
        .as("the longest waits of ten tries add up to about the time budget")
        .isBetween(Duration.ofSeconds(100), Duration.ofSeconds(130));
  }

  @Test
  void nonsenseIsRefused() {
    Duration s = Duration.ofSeconds(1);
    assertThatThrownBy(() -> new RetryPolicy(0, s, s, s))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(3, s.negated(), s, s))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(3, s, s.multipliedBy(2), s))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> POLICY.cap(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
