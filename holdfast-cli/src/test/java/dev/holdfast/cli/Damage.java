package dev.holdfast.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Breaks repositories on purpose, as a failing disk or a careless hand would. */
final class Damage {
  private Damage() {}

  /**
   * Flips the byte in the middle of the largest pack under {@code repo/data/xx/} and returns that
   * pack. With the test trees here that is a data pack (trees are small and packed apart) and the
   * byte belongs to the largest file's chunks, which fill most of the pack.
   */
  static Path flipByteInLargestPack(Path repo) throws IOException {
    Path pack = packs(repo).stream().max(Comparator.comparingLong(Damage::size)).orElseThrow();
    flip(pack, size(pack) / 2);
    return pack;
  }

  private static List<Path> packs(Path repo) throws IOException {
    try (Stream<Path> s = Files.walk(repo.resolve("data"))) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static void flip(Path file, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ 0x40);
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
