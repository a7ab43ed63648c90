package dev.holdfast.core.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How long the storage itself must keep each newly stored data blob immutable (S3 Object Lock), and
 * how strictly: a store given a retention (see {@link BlobStore#withRetention}) stamps every blob
 * of the {@link #appliesTo retained kinds} it stores with {@code now + period}.
 *
 * @param mode who may lift the protection early
 * @param period how long each blob stays protected after it is stored
 */
public record Retention(Mode mode, Duration period) {
  /**
   * Kinds that hold backup data; locks, pins, pending deletions and key slots must stay mutable.
   */
  private static final Set<BlobKind> RETAINED =
      EnumSet.of(BlobKind.CONFIG, BlobKind.PACK, BlobKind.INDEX, BlobKind.SNAPSHOT);

  /** S3's two object lock modes. */
  public enum Mode {
    /** Users with a special permission (s3:BypassGovernanceRetention) may still delete. */
    GOVERNANCE,
    /** Nobody, not even the account's root user, can delete before the date. */
    COMPLIANCE;

    /** The mode named {@code name} (any case), as written in configs and on the command line. */
    public static Mode parse(String name) {
      for (Mode mode : values()) {
        if (mode.name().equalsIgnoreCase(name)) {
          return mode;
        }
      }
      throw new IllegalArgumentException(
          "unknown object lock mode '" + name + "': use governance or compliance");
    }

    /** The lower-case name used in configs and messages. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Retention {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("object lock retention must be positive, was " + period);
    }
  }

  /** A retention of whole days. */
  public static Retention ofDays(Mode mode, int days) {
    return new Retention(mode, Duration.ofDays(days));
  }

  /** True when blobs of {@code kind} are kept immutable: config, packs, index files, snapshots. */
  public static boolean appliesTo(BlobKind kind) {
    return RETAINED.contains(kind);
  }

  /** The instant until which a blob stored at {@code storedAt} is protected. */
  public Instant until(Instant storedAt) {
    return storedAt.plus(period);
  }

  /** The same mode with {@code longer} instead of this period, which it must not shorten. */
  public Retention lengthenedTo(Duration longer) {
    if (longer.compareTo(period) < 0) {
      throw new IllegalArgumentException(
          "a retention of "
              + longer.toDays()
              + " days is shorter than the repository's object lock of "
              + period.toDays()
              + " days; it may only be lengthened");
    }
    return new Retention(mode, longer);
  }
}
