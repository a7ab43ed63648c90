package dev.holdfast.sast.posture;

import dev.holdfast.sast.finding.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How many findings there are of each severity. */
public record SeverityCounts(long critical, long high, long medium, long low, long info) {
  public static final SeverityCounts ZERO = new SeverityCounts(0, 0, 0, 0, 0);

  /** These counts with one more finding of severity {@code s}. */
  public SeverityCounts plus(Severity s) {
    return with(s, of(s) + 1);
  }

  /** The sum of these counts and {@code other}. */
  public SeverityCounts plus(SeverityCounts o) {
    return new SeverityCounts(
        critical + o.critical, high + o.high, medium + o.medium, low + o.low, info + o.info);
  }

  /** The count of severity {@code s}. */
  public long of(Severity s) {
    return switch (s) {
      case CRITICAL -> critical;
      case HIGH -> high;
      case MEDIUM -> medium;
      case LOW -> low;
      case NONE -> info;
    };
  }

  /** These counts with every severity below {@code threshold} set to zero. */
  public SeverityCounts atLeast(Severity threshold) {
    SeverityCounts kept = ZERO;
    for (Severity s : Severity.values()) {
      if (s.atLeast(threshold)) {
        kept = kept.with(s, of(s));
      }
    }
    return kept;
  }

  private SeverityCounts with(Severity s, long n) {
    return switch (s) {
      case CRITICAL -> new SeverityCounts(n, high, medium, low, info);
      case HIGH -> new SeverityCounts(critical, n, medium, low, info);
      case MEDIUM -> new SeverityCounts(critical, high, n, low, info);
      case LOW -> new SeverityCounts(critical, high, medium, n, info);
      case NONE -> new SeverityCounts(critical, high, medium, low, n);
    };
  }

  /** The total over every severity. */
  public long total() {
    return critical + high + medium + low + info;
  }

  /** The worst severity with a finding, if any. */
  public Optional<Severity> highest() {
    for (Severity s : Severity.values()) {
      if (of(s) > 0) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** E.g. {@code 1 critical, 2 high}; {@code none} when every count is zero. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    for (Severity s : Severity.values()) {
      if (of(s) > 0) {
        String word = s == Severity.NONE ? "info" : s.name().toLowerCase(Locale.ROOT);
        parts.add(of(s) + " " + word);
      }
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }
}
