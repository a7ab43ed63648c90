package dev.holdfast.core.snapshot;

import java.nio.charset.StandardCharsets;

/**
 * The rule every entry name obeys, checked when a tree is built and again when one is read back
 * from a repository, so that a crafted snapshot cannot name a path outside its directory.
 */
public final class TreeNames {
  /** Longest name in bytes (the usual file-system limit). */
  public static final int MAX_NAME_BYTES = 255;

  private TreeNames() {}

  /** Throws when {@code name} is empty, {@code .}, {@code ..}, too long, or has '/' or NUL. */
  public static void requireValid(String name) {
    String problem = problem(name);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** Why {@code name} is not a valid entry name, or null when it is. */
  public static String problem(String name) {
    if (name == null || name.isEmpty()) {
      return "empty entry name";
    }
    if (name.equals(".") || name.equals("..")) {
      return "entry name '" + name + "' is not allowed";
    }
    if (name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
      return "entry name contains '/' or NUL: " + printable(name);
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      return "entry name longer than " + MAX_NAME_BYTES + " bytes";
    }
    return null;
  }

  private static String printable(String s) {
    return s.replace("\0", "\\0");
  }
}
