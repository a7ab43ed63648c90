package dev.holdfast.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SpreadScheduleTest {
  private static final int CLAIMS = 1000;

  static LongStream seeds() {
    return LongStream.of(1L, 42L, 20251026L, 0x5eedL, 987654321L);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aThousandClaimsSpreadEvenlyOverTheHoursOfADay(long seed) {
    int[] perHour = buckets(randomKeys(seed), SpreadSchedule.Period.DAILY, Duration.ofHours(1));

    // 1000 / 24 = 41.7 expected per hour, standard deviation 6.3: 3.4 deviations either side
    assertEvenlySpread(perHour, 20, 64, seed);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aThousandClaimsSpreadEvenlyOverTheMinutesOfAnHour(long seed) {
    int[] perMinute =
        buckets(randomKeys(seed), SpreadSchedule.Period.HOURLY, Duration.ofMinutes(1));

    // 16.7 expected per minute, standard deviation 4.0
    assertEvenlySpread(perMinute, 3, 33, seed);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aThousandClaimsSpreadEvenlyOverTheDaysOfAWeek(long seed) {
    int[] perDay = buckets(randomKeys(seed), SpreadSchedule.Period.WEEKLY, Duration.ofDays(1));

    // 142.9 expected per day, standard deviation 11.1
    assertEvenlySpread(perDay, 100, 185, seed);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aClaimKeepsItsMomentInEveryProcessAndOnEveryDay(long seed) {
    Random random = new Random(seed);
    ZoneId zone = ZoneId.of("America/New_York");
    Schedule before = Schedule.parse("@daily-random", zone, "spec.schedule");
    Schedule afterRestart = Schedule.parse("@daily-random", zone, "spec.schedule");
    for (String key : randomKeys(seed).subList(0, 50)) {
      // a day in June, away from clock changes
      Instant now = Instant.parse("2025-06-10T00:00:00Z").plusSeconds(random.nextInt(86_400));
      Instant moment = before.latest(now, key).orElseThrow();
      Instant dayLater = before.latest(now.plus(Duration.ofDays(1)), key).orElseThrow();

      assertThat(afterRestart.latest(now, key)).as("seed %d, key %s", seed, key).contains(moment);
      assertThat(Duration.between(moment, dayLater))
          .as("seed %d, key %s", seed, key)
          .isEqualTo(Duration.ofDays(1));
      assertThat(moment.atZone(zone).toLocalTime().toSecondOfDay())
          .as("seed %d, key %s", seed, key)
          .isEqualTo(SpreadSchedule.offsetOf(key, SpreadSchedule.Period.DAILY).toSeconds());
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyClaimRunsExactlyOnceOnEveryLocalDayAcrossBothClockChanges(long seed) {
    ZoneId zone = ZoneId.of("Europe/Berlin");
    Schedule s = Schedule.parse("@daily-random", zone, "spec.schedule");
    for (String key : randomKeys(seed).subList(0, 100)) {
      for (String start : List.of("2025-03-27T00:00:00Z", "2025-10-23T00:00:00Z")) {
        List<Instant> moments = ScheduleTest.moments(s, key, Instant.parse(start), 8);
        Map<LocalDate, Integer> perDay = new HashMap<>();
        for (int i = 0; i < moments.size(); i++) {
          perDay.merge(moments.get(i).atZone(zone).toLocalDate(), 1, Integer::sum);
          if (i > 0) {
            assertThat(Duration.between(moments.get(i - 1), moments.get(i)))
                .as("seed %d, key %s, from %s", seed, key, start)
                .isBetween(Duration.ofHours(23), Duration.ofHours(25));
          }
        }
        assertThat(perDay.values())
            .as("seed %d, key %s, from %s", seed, key, start)
            .containsOnly(1);
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void theLatestMomentIsAtOrBeforeNowAndTheNextOneAPeriodLater(long seed) {
    Random random = new Random(seed);
    for (SpreadSchedule.Period period : SpreadSchedule.Period.values()) {
      Schedule s = Schedule.parse("@" + period.word() + "-random", ZoneOffset.UTC, "f");
      for (int i = 0; i < 200; i++) {
        String key = "ns-" + random.nextInt(100) + "/pvc-" + random.nextInt(1_000_000);
        Instant now = Instant.parse("2025-01-01T00:00:00Z").plusSeconds(random.nextInt(31_536_000));
        Instant latest = s.latest(now, key).orElseThrow();
        Instant next = s.next(now, key).orElseThrow();

        assertThat(latest)
            .as("seed %d, %s, %s at %s", seed, period, key, now)
            .isBeforeOrEqualTo(now);
        assertThat(next).as("seed %d, %s, %s at %s", seed, period, key, now).isAfter(now);
        assertThat(Duration.between(latest, next))
            .as("seed %d, %s, %s at %s", seed, period, key, now)
            .isEqualTo(period.length());
      }
    }
  }

  @Test
  void theOffsetOfAKeyIsPinnedSoAnUpgradeDoesNotMoveEveryClaim() {
    assertThat(SpreadSchedule.offsetOf("shop/data", SpreadSchedule.Period.DAILY))
        .isEqualTo(Duration.parse("PT23H39M23S"));
  }

  private static List<String> randomKeys(long seed) {
    Random random = new Random(seed);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < CLAIMS; i++) {
      keys.add("team-" + random.nextInt(100) + "/data-" + Long.toHexString(random.nextLong()));
    }
    return keys;
  }

  private static int[] buckets(List<String> keys, SpreadSchedule.Period period, Duration bucket) {
    int[] counts = new int[(int) period.length().dividedBy(bucket)];
    for (String key : keys) {
      counts[(int) SpreadSchedule.offsetOf(key, period).dividedBy(bucket)]++;
    }
    return counts;
  }

  private static void assertEvenlySpread(int[] counts, int least, int most, long seed) {
    for (int i = 0; i < counts.length; i++) {
      assertThat(counts[i])
          .as("seed %d, bucket %d of %d", seed, i, counts.length)
          .isBetween(least, most);
    }
  }
}
