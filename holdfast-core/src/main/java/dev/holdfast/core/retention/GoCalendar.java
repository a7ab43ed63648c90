package dev.holdfast.core.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;

/**
 * Calendar arithmetic as Go's {@code time} package does it. restic's rules are defined by it, and
 * it differs from java.time where decisions change: adding months lets the day overflow (March 31
 * minus one month is March 3, not February 28), a wall time that a time zone skips or repeats is
 * resolved by Go's own rule, and a snapshot's calendar fields are read in the zone Go's parser
 * gives its recorded time (docs/RETENTION.md, "Time zones").
 */
final class GoCalendar {
  private GoCalendar() {}

  /**
   * The time {@code t} in the zone restic reads it in when its local zone is {@code zone}: a time
   * recorded with offset zero is in UTC; a time whose offset is the one {@code zone} has at that
   * instant is in {@code zone}; any other keeps its own fixed offset.
   */
  static ZonedDateTime locate(OffsetDateTime t, ZoneId zone) {
    ZoneOffset offset = t.getOffset();
    if (offset.getTotalSeconds() == 0) {
      return t.atZoneSameInstant(ZoneOffset.UTC);
    }
    if (zone.getRules().getOffset(t.toInstant()).equals(offset)) {
      return t.atZoneSameInstant(zone);
    }
    return t.toZonedDateTime();
  }

  /**
   * Go's {@code t.AddDate(years, months, days)}: the fields are added to the wall time, overflow
   * carries over (months into years, days into months), and the result is resolved in {@code t}'s
   * zone as {@link #resolve} does.
   */
  static Instant addDate(ZonedDateTime t, long years, long months, long days) {
    long monthIndex = t.getMonthValue() - 1L + months;
    long year = t.getYear() + years + Math.floorDiv(monthIndex, 12);
    int month = (int) Math.floorMod(monthIndex, 12) + 1;
    LocalDate date =
        LocalDate.of(Math.toIntExact(year), month, 1).plusDays(t.getDayOfMonth() - 1L + days);
    return resolve(LocalDateTime.of(date, t.toLocalTime()), t.getZone());
  }

  /**
   * The instant that Go's {@code time.Date} gives {@code wall} in {@code zone}. It reads the wall
   * time as if it were UTC, takes the zone's offset at that instant as a first guess and then the
   * offset at the guessed instant; so a skipped wall time moves forward by the gap, and a repeated
   * one is the earlier or the later instant depending on which side of UTC the zone is (Berlin: the
   * later, New York: the earlier).
   */
  static Instant resolve(LocalDateTime wall, ZoneId zone) {
    ZoneRules rules = zone.getRules();
    long asUtc = wall.toEpochSecond(ZoneOffset.UTC);
    int guess = rules.getOffset(Instant.ofEpochSecond(asUtc)).getTotalSeconds();
    int offset = rules.getOffset(Instant.ofEpochSecond(asUtc - guess)).getTotalSeconds();
    return Instant.ofEpochSecond(asUtc - offset, wall.getNano());
  }
}
