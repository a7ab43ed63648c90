package dev.holdfast.core.snapshot;

import java.util.regex.Pattern;

/**
 * An application version that was running against a snapshot's source: the application's name and a
 * version id (a git commit, an image digest, or a release name). Parsed from {@code NAME=VERSION}.
 */
public record AppVersion(String name, String version) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,127}");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+/-]{0,255}");

  public AppVersion {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid application name '" + name + "' (letters, digits, . _ / -; at most 128)");
    }
    if (version == null || !VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException(
          "invalid version '" + version + "' for " + name + " (letters, digits, . _ : @ + / -)");
    }
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
