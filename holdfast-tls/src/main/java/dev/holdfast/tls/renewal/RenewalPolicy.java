package dev.holdfast.tls.renewal;

import dev.holdfast.tls.Durations;
import dev.holdfast.tls.InvalidRequestException;
import dev.holdfast.tls.material.SerialNumber;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a certificate is renewed: at a point of its lifetime (two thirds by default, as cert-manager
 * does, or a fixed time before expiry), brought forward by a random jitter of up to {@code jitter}
 * times the time from notBefore to that point, so that components issued together do not all renew
 * in the same second. Jitter only ever makes renewal earlier.
 *
 * @param point the nominal renewal point
 * @param jitter the largest share (0 to 0.5) of the time to the point that jitter removes
 */
public record RenewalPolicy(Point point, double jitter) {
  /** Renew at two thirds of the lifetime, up to a tenth of that earlier. */
  public static final RenewalPolicy DEFAULT = atFraction(2.0 / 3.0).withJitter(0.1);

  private static final Pattern PERCENT = Pattern.compile("(\\d{1,2}(?:\\.\\d+)?)%");

  /** The nominal renewal point of a certificate's lifetime. */
  public sealed interface Point {
    /** The point for a certificate valid from {@code notBefore} to {@code notAfter}. */
    Instant of(Instant notBefore, Instant notAfter);

    /** "at 67% of the lifetime", "PT8H before expiry". */
    String describe();

    /** The text {@link RenewalPolicy#parse} reads back: "66.5%", "8h". */
    String format();
  }

  /** At a fraction (0 to 1, exclusive) of the lifetime. */
  public record Fraction(double value) implements Point {
    /** Validates the range. */
    public Fraction {
      if (!(value > 0 && value < 1)) {
        throw new InvalidRequestException(
            "renewal point must be between 0% and 100% of the lifetime, not " + value * 100 + "%");
      }
    }

    @Override
    public Instant of(Instant notBefore, Instant notAfter) {
      return notBefore.plusMillis(
          Math.round(Duration.between(notBefore, notAfter).toMillis() * value));
    }

    @Override
    public String describe() {
      return "at " + Math.round(value * 100) + "% of the lifetime";
    }

    @Override
    public String format() {
      // exact both ways: the shortest decimal of the double, its point moved, read back likewise
      return BigDecimal.valueOf(value).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }
  }

  /** A fixed time before expiry (at issue, for a certificate shorter than that). */
  public record BeforeExpiry(Duration duration) implements Point {
    /** Validates that the duration is positive. */
    public BeforeExpiry {
      if (duration == null || duration.isNegative() || duration.isZero()) {
        throw new InvalidRequestException("renew-before must be a positive duration");
      }
    }

    @Override
    public Instant of(Instant notBefore, Instant notAfter) {
      Instant point = notAfter.minus(duration);
      return point.isBefore(notBefore) ? notBefore : point;
    }

    @Override
    public String describe() {
      return duration + " before expiry";
    }

    @Override
    public String format() {
      return Durations.format(duration);
    }
  }

  /** Validates the jitter. */
  public RenewalPolicy {
    Objects.requireNonNull(point, "point");
    if (!(jitter >= 0 && jitter <= 0.5)) {
      throw new InvalidRequestException("renewal jitter must be between 0 and 0.5, not " + jitter);
    }
  }

  /** Renew at {@code fraction} (0 to 1, exclusive) of the lifetime, without jitter. */
  public static RenewalPolicy atFraction(double fraction) {
    return new RenewalPolicy(new Fraction(fraction), 0);
  }

  /** Renew {@code duration} before expiry, without jitter. */
  public static RenewalPolicy beforeExpiry(Duration duration) {
    return new RenewalPolicy(new BeforeExpiry(duration), 0);
  }

  /**
   * Parses a renewal point as configured: a percentage of the lifetime ({@code 67%}), or a duration
   * before expiry ({@code 8h}, {@code 30m}, {@code 2d}, {@code PT8H}), with the default jitter.
   */
  public static RenewalPolicy parse(String text) {
    String value = text.strip();
    Matcher percent = PERCENT.matcher(value);
    if (percent.matches()) {
      return atFraction(new BigDecimal(percent.group(1)).movePointLeft(2).doubleValue())
          .withJitter(DEFAULT.jitter());
    }
    return beforeExpiry(parseDuration(value)).withJitter(DEFAULT.jitter());
  }

  /** This policy with another jitter. */
  public RenewalPolicy withJitter(double newJitter) {
    return new RenewalPolicy(point, newJitter);
  }

  /**
   * When {@code certificate} is to be renewed, with the jitter drawn from its serial number: the
   * same certificate gets the same time in every process, so a renewal run from cron and a renewal
   * gauge agree on it, while certificates issued together still spread out.
   */
  public Instant renewAt(X509Certificate certificate) {
    return renewAt(
        certificate.getNotBefore().toInstant(),
        certificate.getNotAfter().toInstant(),
        jitterDraw(SerialNumber.of(certificate)));
  }

  /** When {@code certificate} is to be renewed, drawing the jitter from {@code random} (once). */
  public Instant renewAt(X509Certificate certificate, Random random) {
    return renewAt(
        certificate.getNotBefore().toInstant(),
        certificate.getNotAfter().toInstant(),
        random.nextDouble());
  }

  /**
   * When a certificate valid from {@code notBefore} to {@code notAfter} is renewed, for a jitter
   * draw {@code u} in [0, 1).
   */
  public Instant renewAt(Instant notBefore, Instant notAfter, double u) {
    Instant nominal = point.of(notBefore, notAfter);
    long span = Duration.between(notBefore, nominal).toMillis();
    return nominal.minusMillis((long) (span * jitter * u));
  }

  /** The renewal point as {@link #parse} reads it back ("66.5%", "8h"); the jitter is apart. */
  public String format() {
    return point.format();
  }

  /** "at 67% of the lifetime (up to 10% earlier)", for messages. */
  public String describe() {
    return jitter == 0
        ? point.describe()
        : point.describe() + " (up to " + Math.round(jitter * 100) + "% earlier)";
  }

  private static Duration parseDuration(String value) {
    try {
      return Durations.parse(value, "renewal point");
    } catch (InvalidRequestException e) {
      throw new InvalidRequestException(
          "not a renewal point: '"
              + value
              + "' (a percentage such as 67%, or a duration such as 8h)");
    }
  }

  /** A draw in [0, 1) fixed by {@code serial}: the top 53 bits of SHA-256 of its bytes. */
  static double jitterDraw(SerialNumber serial) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(serial.value().toByteArray());
      return (ByteBuffer.wrap(hash).getLong() >>> 11) * 0x1.0p-53;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK lacks SHA-256", e);
    }
  }
}
