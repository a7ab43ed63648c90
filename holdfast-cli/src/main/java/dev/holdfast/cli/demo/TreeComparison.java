package dev.holdfast.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Compares two folder trees entry by entry: type, content, permissions, modification time, links.
 */
final class TreeComparison {
  private TreeComparison() {}

  /** The differences between {@code a} and {@code b}; empty when they are the same. */
  static List<String> differences(Path a, Path b) throws IOException {
    List<String> out = new ArrayList<>();
    List<Path> left = relative(a);
    List<Path> right = relative(b);
    if (!left.equals(right)) {
      out.add("the folders list different entries");
      return out;
    }
    for (Path rel : left) {
      Path x = a.resolve(rel);
      Path y = b.resolve(rel);
      PosixFileAttributes ax =
          Files.readAttributes(x, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      PosixFileAttributes ay =
          Files.readAttributes(y, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (ax.isSymbolicLink() != ay.isSymbolicLink() || ax.isDirectory() != ay.isDirectory()) {
        out.add(rel + ": type differs");
      } else if (ax.isSymbolicLink()) {
        if (!Files.readSymbolicLink(x).equals(Files.readSymbolicLink(y))) {
          out.add(rel + ": symlink target differs");
        }
      } else {
        if (!ax.permissions().equals(ay.permissions())) {
          out.add(rel + ": permissions differ");
        }
        if (!ax.lastModifiedTime().equals(ay.lastModifiedTime())) {
          out.add(rel + ": modification time differs");
        }
        if (ax.isRegularFile() && Files.mismatch(x, y) != -1) {
          out.add(rel + ": content differs");
        }
      }
    }
    return out;
  }

  private static List<Path> relative(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> !p.equals(root)).map(root::relativize).sorted().toList();
    }
  }
}
