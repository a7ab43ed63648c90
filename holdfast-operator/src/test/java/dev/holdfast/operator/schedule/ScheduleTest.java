package dev.holdfast.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.UsageError;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  void cronMomentsAreInclusiveBeforeAndExclusiveAfter() {
    Schedule s = Schedule.parse("0 2 * * *", ZoneOffset.UTC, "spec.schedule");
    Instant at = Instant.parse("2025-06-10T02:00:00Z");

    assertThat(s.latest(at, "any")).contains(at);
    assertThat(s.next(at, "any")).contains(Instant.parse("2025-06-11T02:00:00Z"));
    assertThat(s.latest(at.minusSeconds(1), "any")).contains(Instant.parse("2025-06-09T02:00:00Z"));
    assertThat(s.spreads()).isFalse();
  }

  @Test
  void theNicknamesAreTheCronExpressionsTheyStandFor() {
    Instant now = Instant.parse("2025-06-11T10:20:30Z"); // a Wednesday

    assertThat(latest("@hourly", now)).isEqualTo("2025-06-11T10:00:00Z");
    assertThat(latest("@daily", now)).isEqualTo("2025-06-11T00:00:00Z");
    assertThat(latest("@weekly", now)).isEqualTo("2025-06-08T00:00:00Z");
    assertThat(latest("@DAILY", now)).isEqualTo("2025-06-11T00:00:00Z");
  }

  @Test
  void aRestrictedDayOfMonthAndDayOfWeekMatchEitherAsUnixCronDoes() {
    Schedule s = Schedule.parse("0 0 13 * 5", ZoneOffset.UTC, "spec.schedule");

    List<Instant> moments = moments(s, "k", Instant.parse("2025-07-01T00:00:00Z"), 4);

    assertThat(moments)
        .containsExactly(
            Instant.parse("2025-07-04T00:00:00Z"),
            Instant.parse("2025-07-11T00:00:00Z"),
            Instant.parse("2025-07-13T00:00:00Z"),
            Instant.parse("2025-07-18T00:00:00Z"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "61 * * * *|spec.schedule: '61 * * * *' is not a schedule: Value 61 not in range [0, 59]",
        "* * *|spec.schedule: '* * *' is not a schedule: Cron expression contains 3 parts",
        "@monthly|spec.schedule: '@monthly' is not a schedule: give @hourly, @daily",
        "@daily-later|spec.schedule: '@daily-later' is not a schedule",
        "0 0 31 2 *|spec.schedule: '0 0 31 2 *' never runs (no date matches it)",
        "' '|spec.schedule: a schedule is required",
      })
  void aBadExpressionIsRefusedNamingTheFieldAndTheProblem(String expression, String message) {
    assertThatThrownBy(() -> Schedule.parse(expression, ZoneOffset.UTC, "spec.schedule"))
        .isInstanceOf(UsageError.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void anUnknownTimeZoneIsRefusedNamingTheField() {
    assertThatThrownBy(() -> Schedule.zone("Mars/Olympus_Mons", "spec.timeZone"))
        .isInstanceOf(UsageError.class)
        .hasMessage(
            "spec.timeZone: 'Mars/Olympus_Mons' is not a time zone; give an IANA name such as"
                + " Europe/Berlin");
    assertThat(Schedule.zone(null, "spec.timeZone")).isEqualTo(ZoneOffset.UTC);
    assertThat(Schedule.zone("Europe/Berlin", "spec.timeZone")).isEqualTo(BERLIN);
  }

  @Test
  void onTheSpringForwardDayAWallTimeInTheGapRunsOnceAnHourLater() {
    // 2025-03-30 in Berlin: 02:00 CET becomes 03:00 CEST; 02:30 does not exist that day.
    Schedule s = Schedule.parse("30 2 * * *", BERLIN, "spec.schedule");

    List<Instant> moments = moments(s, "k", Instant.parse("2025-03-28T00:00:00Z"), 4);

    assertThat(moments)
        .containsExactly(
            berlin("2025-03-28T02:30+01:00"),
            berlin("2025-03-29T02:30+01:00"),
            berlin("2025-03-30T03:30+02:00"),
            berlin("2025-03-31T02:30+02:00"));
    assertThat(s.latest(berlin("2025-03-30T03:45+02:00"), "k"))
        .contains(berlin("2025-03-30T03:30+02:00"));
  }

  @Test
  void onTheFallBackDayAWallTimeThatHappensTwiceRunsOnceAtItsFirstOccurrence() {
    // 2025-10-26 in Berlin: 03:00 CEST becomes 02:00 CET; 02:30 happens twice that day.
    Schedule s = Schedule.parse("30 2 * * *", BERLIN, "spec.schedule");

    List<Instant> moments = moments(s, "k", Instant.parse("2025-10-25T00:00:00Z"), 3);

    assertThat(moments)
        .containsExactly(
            berlin("2025-10-25T02:30+02:00"),
            berlin("2025-10-26T02:30+02:00"),
            berlin("2025-10-27T02:30+01:00"));
    // during the second 02:30 the latest moment is still the first one
    assertThat(s.latest(berlin("2025-10-26T02:45+01:00"), "k"))
        .contains(berlin("2025-10-26T02:30+02:00"));
  }

  @Test
  void aDailySpreadMomentInTheGapRunsAnHourLaterOnTheSpringForwardDayAndOnceOnFallBack() {
    String key = keyWithDailyOffsetBetween(LocalTime.of(2, 0), LocalTime.of(3, 0));
    LocalTime time =
        LocalTime.ofSecondOfDay(SpreadSchedule.offsetOf(key, period("daily")).toSeconds());
    Schedule s = Schedule.parse("@daily-random", BERLIN, "spec.schedule");

    List<Instant> spring = moments(s, key, Instant.parse("2025-03-29T00:00:00Z"), 3);
    List<Instant> autumn = moments(s, key, Instant.parse("2025-10-25T00:00:00Z"), 3);

    assertThat(spring)
        .containsExactly(
            at(LocalDate.parse("2025-03-29"), time, "+01:00"),
            at(LocalDate.parse("2025-03-30"), time.plusHours(1), "+02:00"),
            at(LocalDate.parse("2025-03-31"), time, "+02:00"));
    assertThat(autumn)
        .containsExactly(
            at(LocalDate.parse("2025-10-25"), time, "+02:00"),
            at(LocalDate.parse("2025-10-26"), time, "+02:00"),
            at(LocalDate.parse("2025-10-27"), time, "+01:00"));
  }

  @Test
  void anHourlySpreadRunsEveryRealHourAcrossAClockChange() {
    Schedule s = Schedule.parse("@hourly-random", BERLIN, "spec.schedule");

    List<Instant> moments = moments(s, "shop/data", berlin("2025-10-26T00:00+02:00"), 26);

    for (int i = 1; i < moments.size(); i++) {
      assertThat(Duration.between(moments.get(i - 1), moments.get(i)))
          .isEqualTo(Duration.ofHours(1));
    }
  }

  @Test
  void aWeeklySpreadRunsOnceAWeekOnItsOwnDayAndTime() {
    Schedule s = Schedule.parse("@weekly-random", ZoneOffset.UTC, "spec.schedule");
    Duration offset = SpreadSchedule.offsetOf("shop/data", period("weekly"));

    List<Instant> moments = moments(s, "shop/data", Instant.parse("2025-06-02T00:00:00Z"), 3);

    // 2025-06-02 is a Monday, where spread weeks start
    assertThat(moments.get(0)).isEqualTo(Instant.parse("2025-06-02T00:00:00Z").plus(offset));
    assertThat(Duration.between(moments.get(0), moments.get(1))).isEqualTo(Duration.ofDays(7));
    assertThat(Duration.between(moments.get(1), moments.get(2))).isEqualTo(Duration.ofDays(7));
  }

  static SpreadSchedule.Period period(String word) {
    for (SpreadSchedule.Period p : SpreadSchedule.Period.values()) {
      if (p.word().equals(word)) {
        return p;
      }
    }
    throw new IllegalArgumentException(word);
  }

  /** The first {@code count} moments of {@code key} after {@code from}. */
  static List<Instant> moments(Schedule s, String key, Instant from, int count) {
    List<Instant> result = new ArrayList<>();
    Instant cursor = from;
    for (int i = 0; i < count; i++) {
      cursor = s.next(cursor, key).orElseThrow();
      result.add(cursor);
    }
    return result;
  }

  private static String latest(String expression, Instant now) {
    return Schedule.parse(expression, ZoneOffset.UTC, "spec.schedule")
        .latest(now, "k")
        .orElseThrow()
        .toString();
  }

  private static String keyWithDailyOffsetBetween(LocalTime from, LocalTime to) {
    for (int i = 0; ; i++) {
      String key = "claims/data-" + i;
      LocalTime t =
          LocalTime.ofSecondOfDay(SpreadSchedule.offsetOf(key, period("daily")).toSeconds());
      if (!t.isBefore(from) && t.isBefore(to)) {
        return key;
      }
    }
  }

  private static Instant berlin(String offsetDateTime) {
    return ZonedDateTime.parse(offsetDateTime + "[Europe/Berlin]").toInstant();
  }

  private static Instant at(LocalDate date, LocalTime time, String offset) {
    return date.atTime(time).atOffset(ZoneOffset.of(offset)).toInstant();
  }
}
