package dev.holdfast.core.storage;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * How {@link RetryingBlobStore} spends its budget on one call: at most {@code maxAttempts} tries,
 * none started later than {@code maxElapsed} after the first, with a wait between tries drawn
 * uniformly from zero up to a cap that doubles after every failure ("full jitter"), so that many
 * clients hit by one outage spread their retries out instead of returning in step.
 *
 * @param maxAttempts tries per call, the first included; 1 never retries
 * @param maxElapsed no try starts later than this after the first one started
 * @param firstDelay the cap of the wait after the first failure
 * @param maxDelay the cap never grows beyond this
 */
public record RetryPolicy(
    int maxAttempts, Duration maxElapsed, Duration firstDelay, Duration maxDelay) {

  /**
   * For cloud object storage, and the CLI's default for every backend: 10 tries within 2 minutes,
   * waits capped at 0.5 s, 1 s, 2 s, 4 s, 8 s, 16 s, then 30 s (about a minute of waiting on
   * average when every try fails). Outages of S3-compatible services (throttling, a 503 burst, a
   * load balancer restarting) mostly clear within that; a longer one fails the command clearly.
   */
  public static final RetryPolicy CLOUD =
      new RetryPolicy(10, Duration.ofMinutes(2), Duration.ofMillis(500), Duration.ofSeconds(30));

  public RetryPolicy {
    Objects.requireNonNull(maxElapsed, "maxElapsed");
    Objects.requireNonNull(firstDelay, "firstDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("a call needs at least one attempt: " + maxAttempts);
    }
    if (maxElapsed.isNegative() || firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
      throw new IllegalArgumentException(
          "retry times must satisfy 0 <= firstDelay <= maxDelay and maxElapsed >= 0: "
              + firstDelay
              + ", "
              + maxDelay
              + ", "
              + maxElapsed);
    }
  }

  /** The cap of the wait after {@code failures} failed tries: firstDelay·2^(failures−1). */
  public Duration cap(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("no wait before the first try: " + failures);
    }
    Duration cap = firstDelay;
    for (int i = 1; i < failures && cap.compareTo(maxDelay) < 0; i++) {
      cap = cap.multipliedBy(2);
    }
    return cap.compareTo(maxDelay) < 0 ? cap : maxDelay;
  }

  /** The wait after {@code failures} failed tries: uniformly random in [0, {@link #cap}). */
  public Duration delay(int failures, Random random) {
    return Duration.ofNanos((long) (random.nextDouble() * cap(failures).toNanos()));
  }
}
