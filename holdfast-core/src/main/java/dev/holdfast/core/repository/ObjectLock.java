package dev.holdfast.core.repository;

import dev.holdfast.core.storage.Retention;

/**
 * The object lock a repository was created with ({@code init --object-lock}), recorded in its
 * config so that every later writer keeps new data immutable for as long: the S3 lock mode ({@code
 * governance} or {@code compliance}) and the number of days each blob stays protected after it is
 * stored (docs/FORMAT.md, "Config").
 */
public record ObjectLock(String mode, int days) {
  /** The longest retention accepted: 100 years. */
  public static final int MAX_DAYS = 36_500;

  public ObjectLock {
    mode = Retention.Mode.parse(mode).label();
    if (days < 1 || days > MAX_DAYS) {
      throw new IllegalArgumentException(
          "object lock days must be 1.." + MAX_DAYS + ", was " + days);
    }
  }

  /** What a store must keep: this mode for this many days. */
  public Retention retention() {
    return Retention.ofDays(Retention.Mode.parse(mode), days);
  }
}
