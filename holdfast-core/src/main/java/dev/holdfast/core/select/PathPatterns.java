package dev.holdfast.core.select;

import dev.holdfast.core.UsageError;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Glob patterns selecting entries, for backup excludes and restore includes and excludes. A pattern
 * without a slash matches an entry's name anywhere in the tree ({@code *.tmp}, {@code
 * node_modules}); a pattern with a slash matches the absolute path, and a relative one matches at
 * any depth ({@code cache/*.bin} is {@code **}{@code /cache/*.bin}).
 */
public final class PathPatterns {
  private final List<PathMatcher> byName = new ArrayList<>();
  private final List<PathMatcher> byPath = new ArrayList<>();

  /** Compiles {@code patterns}; a malformed one is a usage error naming it. */
  public PathPatterns(List<String> patterns) {
    for (String p : patterns) {
      if (p == null || p.isBlank()) {
        throw new UsageError("empty exclude pattern");
      }
      try {
        if (p.indexOf('/') < 0) {
          byName.add(FileSystems.getDefault().getPathMatcher("glob:" + p));
        } else {
          String trimmed = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
          String glob = trimmed.startsWith("/") ? trimmed : "**/" + trimmed;
          byPath.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
        }
      } catch (IllegalArgumentException e) {
        throw new UsageError("invalid exclude pattern '" + p + "': " + e.getMessage());
      }
    }
  }

  /** No exclusions. */
  public static PathPatterns none() {
    return new PathPatterns(List.of());
  }

  /** True when the entry at absolute {@code path} matches a pattern. */
  public boolean matches(Path path) {
    Path name = path.getFileName();
    if (name != null) {
      for (PathMatcher m : byName) {
        if (m.matches(name)) {
          return true;
        }
      }
    }
    for (PathMatcher m : byPath) {
      if (m.matches(path)) {
        return true;
      }
    }
    return false;
  }
}
