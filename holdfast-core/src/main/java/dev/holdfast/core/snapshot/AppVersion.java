package dev.holdfast.core.snapshot;

/**
 * An application version that was running against a snapshot's source: the application's name and a
 * version id (a git commit, an image digest, or a release name). Parsed from {@code NAME=VERSION}.
 */
public record AppVersion(String name, String version) {
  private static final String NAME_PUNCTUATION = "._/-";
  private static final String VERSION_PUNCTUATION = "._:@+/-";

  public AppVersion {
    if (!valid(name, 128, NAME_PUNCTUATION)) {
      throw new IllegalArgumentException(
          "invalid application name '" + name + "' (letters, digits, . _ / -; at most 128)");
    }
    if (!valid(version, 256, VERSION_PUNCTUATION)) {
      throw new IllegalArgumentException(
          "invalid version '" + version + "' for " + name + " (letters, digits, . _ : @ + / -)");
    }
  }

  /**
   * A letter or digit, then up to {@code max - 1} letters, digits or {@code punctuation} (ASCII
   * only). A loop, not a regular expression: it runs for every version of every snapshot listed.
   */
  private static boolean valid(String s, int max, String punctuation) {
    if (s == null || s.isEmpty() || s.length() > max || !asciiAlphanumeric(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!asciiAlphanumeric(c) && punctuation.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean asciiAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** Parses {@code NAME=VERSION}. */
  public static AppVersion parse(String text) {
    int eq = text == null ? -1 : text.indexOf('=');
    if (eq <= 0 || eq == text.length() - 1) {
      throw new IllegalArgumentException("expected NAME=VERSION, got '" + text + "'");
    }
    return new AppVersion(text.substring(0, eq), text.substring(eq + 1));
  }

  @Override
  public String toString() {
    return name + "=" + version;
  }
}
