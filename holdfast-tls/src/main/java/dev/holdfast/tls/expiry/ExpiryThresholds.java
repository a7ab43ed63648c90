package dev.holdfast.tls.expiry;

import dev.holdfast.tls.Durations;
import dev.holdfast.tls.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a certificate turns from ok to warn and from warn to critical: a time before its expiry. The
 * defaults, 30 and 7 days, are each capped at a share of the certificate's own lifetime (a third
 * for warn, a twelfth for critical), so that a 24-hour certificate, which renews at two thirds of
 * its life, is ok while fresh, turns warn at 8 hours left when its renewal is overdue and critical
 * at 2 hours left, while a 90-day certificate gets the full 30 and 7 days. Thresholds a user gives
 * apply as given ({@code capped} false).
 *
 * @param capped whether each threshold is capped at its share of the certificate's lifetime
 */
public record ExpiryThresholds(Duration warn, Duration critical, boolean capped) {
  /** Warn 30 days, critical 7 days before expiry, capped for short certificates. */
  public static final ExpiryThresholds DEFAULT =
      new ExpiryThresholds(Duration.ofDays(30), Duration.ofDays(7), true);

  /** The warn threshold takes at most the lifetime divided by this: a third. */
  public static final int WARN_DIVISOR = 3;

  /** The critical threshold takes at most the lifetime divided by this: a twelfth. */
  public static final int CRITICAL_DIVISOR = 12;

  /** Validates: both non-negative, critical no longer than warn. */
  public ExpiryThresholds {
    Objects.requireNonNull(warn, "warn");
    Objects.requireNonNull(critical, "critical");
    if (warn.isNegative() || critical.isNegative()) {
      throw new InvalidRequestException("expiry thresholds cannot be negative");
    }
    if (critical.compareTo(warn) > 0) {
      throw new InvalidRequestException(
          "the critical threshold ("
              + Durations.format(critical)
              + ") is longer than the warn threshold ("
              + Durations.format(warn)
              + ")");
    }
  }

  /**
   * Thresholds a user gives as option text such as "45d" and "3d" (see {@link Durations#parse}),
   * applied as given.
   */
  public static ExpiryThresholds parse(String warn, String critical) {
    return new ExpiryThresholds(
        Durations.parse(warn, "--warn"), Durations.parse(critical, "--critical"), false);
  }

  /** The moment a certificate valid from {@code notBefore} to {@code notAfter} turns warn. */
  public Instant warnAt(Instant notBefore, Instant notAfter) {
    return notAfter.minus(capped(warn, notBefore, notAfter, WARN_DIVISOR));
  }

  /** The moment such a certificate turns critical. */
  public Instant criticalAt(Instant notBefore, Instant notAfter) {
    return notAfter.minus(capped(critical, notBefore, notAfter, CRITICAL_DIVISOR));
  }

  /**
   * The verdict at {@code now} on a certificate valid from {@code notBefore} to {@code notAfter}.
   */
  public Verdict verdict(Instant notBefore, Instant notAfter, Instant now) {
    if (now.isBefore(notBefore)) {
      return Verdict.NOT_YET_VALID;
    }
    if (now.isAfter(notAfter)) {
      return Verdict.EXPIRED;
    }
    if (!now.isBefore(criticalAt(notBefore, notAfter))) {
      return Verdict.CRITICAL;
    }
    if (!now.isBefore(warnAt(notBefore, notAfter))) {
      return Verdict.WARN;
    }
    return Verdict.OK;
  }

  private Duration capped(Duration threshold, Instant notBefore, Instant notAfter, int divisor) {
    Duration lifetime = Duration.between(notBefore, notAfter);
    if (!capped || lifetime.isNegative()) {
      return threshold;
    }
    Duration cap = lifetime.dividedBy(divisor);
    return threshold.compareTo(cap) > 0 ? cap : threshold;
  }
}
