package dev.holdfast.operator.certs;

import dev.holdfast.tls.renewal.RenewalPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * When and how fast the operator rotates its cluster CA (docs/kubernetes.md, "The CA's own expiry";
 * docs/TLS.md, "CA rotation").
 *
 * @param rotateAt the point of the CA's life at which a staged rotation begins by itself; by
 *     default two thirds of the lifetime (a third, four months of a year, left), long before the
 *     30-day expiry warning
 * @param propagationDelay how long a new trust bundle may take to reach every peer (the kubelet's
 *     Secret refresh plus a rollout or a reload): the rotation waits this long before the new CA
 *     signs and before a retired CA is forgotten
 * @param checkInterval how often the leader looks whether a rotation step is due
 */
public record CaRotationSettings(
    RenewalPolicy rotateAt, Duration propagationDelay, Duration checkInterval) {
  /** Requires every part, the durations positive. */
  public CaRotationSettings {
    Objects.requireNonNull(rotateAt, "rotateAt");
    requirePositive(propagationDelay, "propagationDelay");
    requirePositive(checkInterval, "checkInterval");
  }

  /** At two thirds of the CA's lifetime, ten minutes to propagate, looked at every minute. */
  public static CaRotationSettings defaults() {
    return new CaRotationSettings(
        RenewalPolicy.atFraction(2.0 / 3.0), Duration.ofMinutes(10), Duration.ofMinutes(1));
  }

  /** The same settings with another propagation delay. */
  public CaRotationSettings withPropagationDelay(Duration delay) {
    return new CaRotationSettings(rotateAt, delay, checkInterval);
  }

  /** The same settings looking every {@code interval}. */
  public CaRotationSettings withCheckInterval(Duration interval) {
    return new CaRotationSettings(rotateAt, propagationDelay, interval);
  }

  private static void requirePositive(Duration duration, String name) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
