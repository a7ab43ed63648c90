package dev.holdfast.core.retention;

import dev.holdfast.core.snapshot.Snapshot;
import java.time.ZonedDateTime;

/**
 * A snapshot as rules judge it.
 *
 * @param position its place in the group, newest first, from 0
 * @param localTime its time in the zone its calendar buckets are counted in
 */
public record Candidate(Snapshot snapshot, int position, ZonedDateTime localTime) {}
