package dev.holdfast.cli.demo;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/**
 * The sample folder the demo backs up: text and logs that compress, random bytes that do not, a
 * database-like file of pages, many small files, a sparse file, a symlink, a hard link and a
 * Unicode name. Deterministic, so every demo shows the same figures.
 */
final class SampleData {
  private static final String[] WORDS = {
    "volume", "backup", "restore", "cluster", "snapshot", "node", "pod", "secret", "certificate",
    "policy", "retention", "chunk", "pack", "index", "tree", "manifest", "key", "passphrase",
    "storage", "replica", "database", "page", "ledger", "incident", "audit"
  };

  private final Random random = new Random(20261125);

  /** Writes the first generation into {@code root}. */
  void create(Path root) throws IOException {
    Files.createDirectories(root.resolve("docs"));
    Files.createDirectories(root.resolve("logs"));
    Files.createDirectories(root.resolve("db"));
    Files.createDirectories(root.resolve("media"));
    Files.createDirectories(root.resolve("photos/2026/11"));
    for (int i = 0; i < 20; i++) {
      Files.writeString(
          root.resolve("docs/note-" + i + ".txt"), prose(2_000 + random.nextInt(20_000)));
    }
    Files.writeString(
        root.resolve("docs/café-résumé.txt"), "Unicode names survive the round trip.\n");
    Files.writeString(root.resolve("logs/app.log"), logLines(30_000));
    byte[] media = new byte[3 * 1024 * 1024];
    random.nextBytes(media);
    Files.write(root.resolve("media/video.bin"), media);
    byte[] pages = new byte[4 * 1024 * 1024];
    for (int p = 0; p < pages.length / 8192; p++) {
      fillPage(pages, p);
    }
    Files.write(root.resolve("db/pages.db"), pages);
    for (int i = 0; i < 200; i++) {
      byte[] small = new byte[1024 + random.nextInt(8 * 1024)];
      random.nextBytes(small);
      Files.write(root.resolve("photos/2026/11/img-" + i + ".jpg"), small);
    }
    Files.createFile(root.resolve("docs/empty.txt"));
    try (RandomAccessFile sparse =
        new RandomAccessFile(root.resolve("db/sparse.img").toFile(), "rw")) {
      sparse.setLength(64L * 1024 * 1024);
      sparse.seek(32L * 1024 * 1024);
      sparse.write("a few bytes in the middle of a hole".getBytes(StandardCharsets.UTF_8));
    }
    Files.createSymbolicLink(root.resolve("logs/current"), Path.of("app.log"));
    Files.createLink(root.resolve("docs/hardlink-to-note-0.txt"), root.resolve("docs/note-0.txt"));
  }

  /** Changes a few things, as a day of work would. */
  void change(Path root) throws IOException {
    Files.writeString(root.resolve("logs/app.log"), logLines(2_000), StandardOpenOption.APPEND);
    try (RandomAccessFile db = new RandomAccessFile(root.resolve("db/pages.db").toFile(), "rw")) {
      byte[] page = new byte[8192];
      random.nextBytes(page);
      db.seek(8192L * 100);
      db.write(page);
    }
    Files.delete(root.resolve("photos/2026/11/img-7.jpg"));
    Files.writeString(root.resolve("docs/new-plan.txt"), prose(5_000));
  }

  private String prose(int chars) {
    StringBuilder b = new StringBuilder(chars + 16);
    while (b.length() < chars) {
      b.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(12) == 0 ? ".\n" : " ");
    }
    return b.toString();
  }

  private String logLines(int lines) {
    StringBuilder b = new StringBuilder(lines * 80);
    for (int i = 0; i < lines; i++) {
      b.append(
          String.format(
              "2026-11-25T%02d:%02d:%02d.%03dZ INFO  [%s] request id=%08x %s took %dms%n",
              (i / 3600) % 24,
              (i / 60) % 60,
              i % 60,
              random.nextInt(1000),
              WORDS[random.nextInt(WORDS.length)],
              random.nextInt(),
              WORDS[random.nextInt(WORDS.length)],
              random.nextInt(500)));
    }
    return b.toString();
  }

  private void fillPage(byte[] pages, int page) {
    int base = page * 8192;
    byte[] row =
        ("row " + page + " " + WORDS[page % WORDS.length] + " ")
            .getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 8192; i++) {
      pages[base + i] = i < 4096 ? row[i % row.length] : (byte) random.nextInt(256);
    }
  }
}
