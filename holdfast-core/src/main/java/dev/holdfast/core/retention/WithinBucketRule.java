package dev.holdfast.core.retention;

import java.time.Instant;
import java.util.Optional;

/**
 * Keeps the newest snapshot of every bucket (hour, day, ISO week, month or year) among the
 * snapshots taken after {@code duration} before the group's latest snapshot; restic's {@code
 * --keep-within-hourly} … {@code --keep-within-yearly}.
 */
public record WithinBucketRule(Bucket bucket, KeepDuration duration) implements KeepRule {
  public WithinBucketRule {
    if (bucket == Bucket.LAST || duration.isZero()) {
      throw new IllegalArgumentException(
          "a within rule needs a calendar bucket and a duration: " + bucket + " " + duration);
    }
  }

  @Override
  public Judge start(PlanContext group) {
    Instant after = group.within(duration);
    String reason = bucket.word() + " within " + duration;
    return new Judge() {
      private long lastBucket = -1;

      @Override
      public Optional<String> reasonToKeep(Candidate c) {
        if (!c.snapshot().time().toInstant().isAfter(after)) {
          return Optional.empty();
        }
        long b = bucket.of(c.localTime(), c.position());
        if (b == lastBucket) {
          return Optional.empty();
        }
        lastBucket = b;
        return Optional.of(reason);
      }
    };
  }
}
