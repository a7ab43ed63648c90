package dev.holdfast.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Asserts that a restored tree equals its source: entries, types, bytes, modes, times, links. */
public final class TreeAssertions {
  private TreeAssertions() {}

  /** Fails with the first difference between {@code expected} and {@code actual}. */
  public static void assertSameTree(Path expected, Path actual, String context) throws IOException {
    List<Path> a = relative(expected);
    List<Path> b = relative(actual);
    assertThat(b).as("%s: entries", context).isEqualTo(a);
    Map<Object, Path> inodesA = new HashMap<>();
    Map<Object, Object> inodeMapping = new HashMap<>();
    for (Path rel : a) {
      Path x = expected.resolve(rel);
      Path y = actual.resolve(rel);
      Map<String, Object> ax =
          Files.readAttributes(
              x, "unix:mode,size,lastModifiedTime,ino,nlink", LinkOption.NOFOLLOW_LINKS);
      Map<String, Object> ay =
          Files.readAttributes(
              y, "unix:mode,size,lastModifiedTime,ino,nlink", LinkOption.NOFOLLOW_LINKS);
      assertThat(ay.get("mode")).as("%s: mode of %s", context, rel).isEqualTo(ax.get("mode"));
      if (Files.isSymbolicLink(x)) {
        assertThat(Files.readSymbolicLink(y))
            .as("%s: symlink %s", context, rel)
            .isEqualTo(Files.readSymbolicLink(x));
        continue;
      }
      assertThat(ay.get("lastModifiedTime"))
          .as("%s: mtime of %s", context, rel)
          .isEqualTo(ax.get("lastModifiedTime"));
      if (Files.isRegularFile(x, LinkOption.NOFOLLOW_LINKS)) {
        assertThat(ay.get("size")).as("%s: size of %s", context, rel).isEqualTo(ax.get("size"));
        assertThat(Files.mismatch(x, y)).as("%s: content of %s", context, rel).isEqualTo(-1L);
        if ((Integer) ax.get("nlink") > 1) {
          Object before = inodeMapping.putIfAbsent(ax.get("ino"), ay.get("ino"));
          if (before != null) {
            assertThat(ay.get("ino"))
                .as("%s: %s is hard-linked like in the source", context, rel)
                .isEqualTo(before);
          }
          inodesA.putIfAbsent(ax.get("ino"), rel);
        }
      }
    }
  }

  private static List<Path> relative(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> !p.equals(root)).map(root::relativize).sorted().toList();
    }
  }
}
