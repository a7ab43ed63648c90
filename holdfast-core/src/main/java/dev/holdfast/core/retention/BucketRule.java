package dev.holdfast.core.retention;

import java.util.Optional;

/**
 * Keeps the newest snapshot of each of the {@code count} newest buckets (hours, days, ISO weeks,
 * months, years, or single snapshots for {@link Bucket#LAST}); {@code -1} means every bucket.
 * restic's {@code --keep-last}, {@code --keep-hourly} … {@code --keep-yearly}.
 */
public record BucketRule(Bucket bucket, int count) implements KeepRule {
  /** The count that keeps the newest snapshot of every bucket. */
  public static final int UNLIMITED = -1;

  public BucketRule {
    if (count == 0 || count < UNLIMITED) {
      throw new IllegalArgumentException("a bucket rule keeps -1 (unlimited) or more than 0");
    }
  }

  @Override
  public Judge start(PlanContext group) {
    String reason = bucket.word() + " snapshot";
    return new Judge() {
      private int left = count;
      private long lastBucket = -1;

      @Override
      public Optional<String> reasonToKeep(Candidate c) {
        if (left == 0) {
          return Optional.empty();
        }
        long b = bucket.of(c.localTime(), c.position());
        if (b == lastBucket) {
          return Optional.empty();
        }
        lastBucket = b;
        if (left > 0) {
          left--;
        }
        return Optional.of(reason);
      }
    };
  }
}
