package dev.holdfast.sast.finding;

import java.util.Objects;

/**
 * Where a finding is: the artifact URI as the report wrote it and the 1-based start line, 0 when
 * the report gives no line. An empty file means the result has no physical location.
 */
public record Location(String file, int line) {

  /** A finding with no physical location. */
  public static final Location UNKNOWN = new Location("", 0);

  public Location {
    Objects.requireNonNull(file, "file");
    if (line < 0) {
      throw new IllegalArgumentException("line must be >= 0, was " + line);
    }
  }
}
