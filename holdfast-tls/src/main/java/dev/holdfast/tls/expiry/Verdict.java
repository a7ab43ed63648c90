package dev.holdfast.tls.expiry;

import java.util.Locale;

/**
 * How a certificate stands at one moment, best first: fine, within the warn threshold, within the
 * critical threshold, past its notAfter, or before its notBefore. The last three make {@code
 * holdfast tls status} fail.
 */
public enum Verdict {
  /** Valid, and further from expiry than the warn threshold. */
  OK,
  /** Valid, but within the warn threshold of its expiry. */
  WARN,
  /** Valid, but within the critical threshold of its expiry. */
  CRITICAL,
  /** Past its notAfter: peers refuse it. */
  EXPIRED,
  /** Before its notBefore: peers refuse it (a clock behind, or a certificate deployed early). */
  NOT_YET_VALID;

  /** The word in tables and JSON: "ok", "warn", "critical", "expired", "not-yet-valid". */
  public String word() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Whether peers accept the certificate now and it is not past the critical threshold. */
  public boolean ready() {
    return this == OK || this == WARN;
  }

  /** Whether this verdict is at least as bad as {@code other}, in the order declared here. */
  public boolean atLeast(Verdict other) {
    return compareTo(other) >= 0;
  }
}
