package dev.holdfast.cli;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** Human renderings of sizes, rates, durations and times. */
public final class Formats {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  private static final DateTimeFormatter TABLE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private Formats() {}

  /** {@code 1.5 GiB}. */
  public static String bytes(long n) {
    double v = n;
    int u = 0;
    while (v >= 1024 && u < UNITS.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? n + " B" : String.format("%.1f %s", v, UNITS[u]);
  }

  /** {@code 1h02m03s}, {@code 4m05s}, {@code 1.2s}. */
  public static String duration(Duration d) {
    long s = d.getSeconds();
    if (s >= 3600) {
      return String.format("%dh%02dm%02ds", s / 3600, (s % 3600) / 60, s % 60);
    }
    if (s >= 60) {
      return String.format("%dm%02ds", s / 60, s % 60);
    }
    return String.format("%.1fs", d.toMillis() / 1000.0);
  }

  /** A snapshot time as tables show it (local wall time of the snapshot). */
  public static String time(OffsetDateTime t) {
    return TABLE_TIME.format(t);
  }
}
