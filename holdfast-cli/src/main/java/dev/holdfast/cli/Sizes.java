package dev.holdfast.cli;

import dev.holdfast.core.UsageError;
import java.util.Locale;

/** Parses sizes such as {@code 512K}, {@code 1M}, {@code 16MiB}, {@code 4096}. */
public final class Sizes {
  private Sizes() {}

  /** The number of bytes {@code text} names; {@code what} names the option in errors. */
  public static long parse(String text, String what) {
    String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
    if (t.endsWith("IB")) {
      t = t.substring(0, t.length() - 2);
    } else if (t.endsWith("B")) {
      t = t.substring(0, t.length() - 1);
    }
    long unit = 1;
    if (!t.isEmpty()) {
      switch (t.charAt(t.length() - 1)) {
        case 'K' -> unit = 1L << 10;
        case 'M' -> unit = 1L << 20;
        case 'G' -> unit = 1L << 30;
        default -> unit = 1;
      }
      if (unit > 1) {
        t = t.substring(0, t.length() - 1);
      }
    }
    try {
      long n = Long.parseLong(t.trim());
      if (n < 0 || n > Long.MAX_VALUE / unit) {
        throw new NumberFormatException();
      }
      return n * unit;
    } catch (NumberFormatException e) {
      throw new UsageError(what + ": '" + text + "' is not a size (e.g. 512K, 1M, 16MiB)");
    }
  }

  /** As {@link #parse}, for settings held in an int: more than 2 GiB - 1 is a usage error. */
  public static int parseInt(String text, String what) {
    long n = parse(text, what);
    if (n > Integer.MAX_VALUE) {
      throw new UsageError(what + ": '" + text + "' is too large");
    }
    return (int) n;
  }
}
