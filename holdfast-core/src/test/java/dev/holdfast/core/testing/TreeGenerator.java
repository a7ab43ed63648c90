package dev.holdfast.core.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Writes seeded random folder trees of many shapes for round-trip tests: empty and tiny files,
 * multi-chunk files, compressible text, a sparse file, deep nesting, Unicode names, hard links,
 * relative, absolute and dangling symlinks, and assorted permissions and times. The same seed
 * always writes the same tree.
 */
public final class TreeGenerator {
  private static final String[] NAMES = {
    "alpha",
    "beta",
    "gamma",
    "données",
    "日本語",
    "emoji-😀",
    "with space",
    "dash-name",
    "UPPER",
    "dot.file",
    "x",
    "long-" + "n".repeat(120)
  };
  private static final int[] MODES = {0644, 0600, 0755, 0700, 0640, 0444, 01777 & 0777, 0750};

  private final Random random;
  private final List<Path> files = new ArrayList<>();

  public TreeGenerator(long seed) {
    this.random = new Random(seed);
  }

  /** Writes a tree of roughly {@code approxBytes} under {@code root} (created). */
  public void write(Path root, long approxBytes) throws IOException {
    Files.createDirectories(root);
    long budget = approxBytes;
    List<Path> dirs = new ArrayList<>();
    dirs.add(root);
    Path deep = root;
    for (int d = 0; d < 12; d++) {
      deep = deep.resolve("level" + d);
      dirs.add(deep);
    }
    Files.createDirectories(deep);
    for (int i = 0; i < 6; i++) {
      Path d = pick(dirs).resolve(NAMES[random.nextInt(NAMES.length)] + "-dir" + i);
      Files.createDirectories(d);
      dirs.add(d);
    }
    Files.createDirectories(root.resolve("empty-folder"));
    int n = 0;
    while (budget > 0) {
      Path dir = pick(dirs);
      Path file = dir.resolve(NAMES[random.nextInt(NAMES.length)] + "-" + (n++) + ".dat");
      int kind = random.nextInt(10);
      long size;
      if (kind == 0) {
        size = 0;
        Files.createFile(file);
      } else if (kind <= 4) {
        size = random.nextInt(3000);
        Files.write(file, bytes((int) size));
      } else if (kind <= 7) {
        size = 8_000 + random.nextInt(300_000);
        Files.write(file, random.nextBoolean() ? bytes((int) size) : text((int) size));
      } else {
        size = 200_000 + random.nextInt(600_000);
        Files.write(file, text((int) size));
      }
      budget -= Math.max(size, 1000);
      files.add(file);
    }
    Path sparse = root.resolve("sparse.img");
    try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
      f.setLength(8L * 1024 * 1024);
      f.seek(3L * 1024 * 1024);
      f.write("data in the middle of a hole".getBytes(StandardCharsets.UTF_8));
    }
    files.add(sparse);
    Path dup = root.resolve("duplicate-of-" + files.get(0).getFileName());
    Files.copy(files.get(0), dup);
    files.add(dup);
    Path target = files.get(random.nextInt(files.size()));
    Files.createLink(root.resolve("hardlink-a"), target);
    Files.createLink(pick(dirs).resolve("hardlink-b"), target);
    Files.createSymbolicLink(root.resolve("link-relative"), root.relativize(files.get(1)));
    Files.createSymbolicLink(root.resolve("link-absolute"), Path.of("/etc/hostname"));
    Files.createSymbolicLink(root.resolve("link-dangling"), Path.of("no/such/target"));
    for (Path f : files) {
      if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
        Files.setAttribute(
            f, "unix:mode", MODES[random.nextInt(MODES.length)] | 0400, LinkOption.NOFOLLOW_LINKS);
        setTime(f);
      }
    }
    for (int i = dirs.size() - 1; i >= 0; i--) {
      setTime(dirs.get(i));
    }
  }

  private void setTime(Path p) throws IOException {
    long seconds = 1_500_000_000L + random.nextInt(200_000_000);
    long nanos = random.nextInt(1_000_000_000);
    Files.setLastModifiedTime(
        p, FileTime.from(seconds * 1_000_000_000L + nanos, TimeUnit.NANOSECONDS));
  }

  private Path pick(List<Path> dirs) {
    return dirs.get(random.nextInt(dirs.size()));
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private byte[] text(int n) {
    StringBuilder b = new StringBuilder(n + 32);
    while (b.length() < n) {
      b.append(NAMES[random.nextInt(6)]).append(' ').append(random.nextInt(1000)).append('\n');
    }
    return b.substring(0, n).getBytes(StandardCharsets.UTF_8);
  }
}
