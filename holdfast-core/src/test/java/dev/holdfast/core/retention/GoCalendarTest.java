package dev.holdfast.core.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** Go's calendar arithmetic, which restic's keep-within rules are defined by. */
class GoCalendarTest {
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void aMonthBeforeMarch31IsMarch3BecauseFebruary31Overflows() {
    ZonedDateTime march31 = ZonedDateTime.of(2026, 3, 31, 12, 0, 0, 0, ZoneOffset.UTC);
    assertThat(GoCalendar.addDate(march31, 0, -1, 0))
        .isEqualTo(Instant.parse("2026-03-03T12:00:00Z"));
  }

  @Test
  void aYearAfterFebruary29IsMarch1() {
    ZonedDateTime leapDay = ZonedDateTime.of(2028, 2, 29, 0, 0, 0, 0, ZoneOffset.UTC);
    assertThat(GoCalendar.addDate(leapDay, -1, 0, 0))
        .isEqualTo(Instant.parse("2027-03-01T00:00:00Z"));
  }

  @Test
  void negativeDaysAndMonthsCarryAcrossYears() {
    ZonedDateTime jan2 = ZonedDateTime.of(2026, 1, 2, 6, 0, 0, 0, ZoneOffset.UTC);
    assertThat(GoCalendar.addDate(jan2, 0, -13, -40))
        .isEqualTo(Instant.parse("2024-10-23T06:00:00Z"));
  }

  @Test
  void aSkippedWallTimeMovesForwardInBerlinAndBackwardInNewYork() {
    // Berlin skips 02:00-03:00 on 2026-03-29; New York skips 02:00-03:00 on 2020-03-08
    assertThat(GoCalendar.resolve(LocalDateTime.parse("2026-03-29T02:30"), BERLIN))
        .isEqualTo(Instant.parse("2026-03-29T01:30:00Z")); // 03:30 CEST
    assertThat(GoCalendar.resolve(LocalDateTime.parse("2020-03-08T02:30"), NEW_YORK))
        .isEqualTo(Instant.parse("2020-03-08T06:30:00Z")); // 01:30 EST
  }

  @Test
  void aRepeatedWallTimeIsTheLaterInBerlinAndTheEarlierInNewYork() {
    assertThat(GoCalendar.resolve(LocalDateTime.parse("2026-10-25T02:30"), BERLIN))
        .isEqualTo(Instant.parse("2026-10-25T01:30:00Z")); // 02:30 CET, the second
    assertThat(GoCalendar.resolve(LocalDateTime.parse("2020-11-01T01:30"), NEW_YORK))
        .isEqualTo(Instant.parse("2020-11-01T05:30:00Z")); // 01:30 EDT, the first
  }

  @Test
  void anOrdinaryWallTimeIsWhatJavaSays() {
    LocalDateTime wall = LocalDateTime.parse("2026-07-01T12:34:56.789");
    assertThat(GoCalendar.resolve(wall, BERLIN)).isEqualTo(wall.atZone(BERLIN).toInstant());
  }

  @Test
  void timesAreReadInTheZoneWhenTheirOffsetIsItsElseInTheirOwnOffset() {
    OffsetDateTime summer = OffsetDateTime.parse("2026-06-15T22:00:00+02:00");
    assertThat(GoCalendar.locate(summer, BERLIN).getZone()).isEqualTo(BERLIN);
    OffsetDateTime tokyo = OffsetDateTime.parse("2026-06-16T06:30:00+09:00");
    assertThat(GoCalendar.locate(tokyo, BERLIN).getZone()).isEqualTo(ZoneOffset.ofHours(9));
    assertThat(GoCalendar.locate(tokyo, BERLIN).getDayOfMonth()).isEqualTo(16);
    OffsetDateTime utc = OffsetDateTime.parse("2026-01-10T10:00:00Z");
    assertThat(GoCalendar.locate(utc, ZoneId.of("Europe/London")).getZone())
        .isEqualTo(ZoneOffset.UTC);
  }
}
