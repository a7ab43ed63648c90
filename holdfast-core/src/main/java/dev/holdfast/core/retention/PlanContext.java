package dev.holdfast.core.retention;

import dev.holdfast.core.snapshot.Snapshot;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * What a rule sees of the group being planned.
 *
 * @param newestFirst the group's snapshots, newest first (ties by id, descending)
 * @param zone the local time zone calendar buckets are counted in
 * @param now the current time (injected, never read from the system)
 * @param latest the time keep-within rules measure back from: the newest snapshot time that is
 *     before {@code now} (snapshots dated in the future are ignored here, as restic does), in the
 *     zone restic would read it in; year 1 when every snapshot is in the future
 */
public record PlanContext(
    List<Snapshot> newestFirst, ZoneId zone, Instant now, ZonedDateTime latest) {

  /** Go's zero time, which restic measures from when no snapshot is in the past. */
  static final ZonedDateTime ZERO_TIME = ZonedDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  public PlanContext {
    newestFirst = List.copyOf(newestFirst);
  }

  /** The context of {@code newestFirst}, with the latest time found as restic finds it. */
  static PlanContext of(List<Snapshot> newestFirst, ZoneId zone, Instant now) {
    ZonedDateTime latest = ZERO_TIME;
    for (Snapshot s : newestFirst) {
      Instant t = s.time().toInstant();
      if (t.isAfter(latest.toInstant()) && t.isBefore(now)) {
        latest = GoCalendar.locate(s.time(), zone);
      }
    }
    return new PlanContext(newestFirst, zone, now, latest);
  }

  /** The instant {@code d} before {@link #latest}: keep-within rules keep what is after it. */
  Instant within(KeepDuration d) {
    return d.before(latest);
  }
}
