package dev.holdfast.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Small seeded folder trees for command tests (a few hundred KiB, so every test stays fast). */
final class SampleTrees {
  private SampleTrees() {}

  /**
   * Writes {@code docs/a.txt}, {@code docs/b.md}, {@code docs/deep/c.txt}, {@code logs/app.log},
   * {@code data/blob.bin} (random, several chunks) and {@code notes.txt} under {@code root}.
   */
  static Path write(Path root, long seed) throws IOException {
    Random random = new Random(seed);
    Files.createDirectories(root.resolve("docs/deep"));
    Files.createDirectories(root.resolve("logs"));
    Files.createDirectories(root.resolve("data"));
    Files.writeString(root.resolve("docs/a.txt"), "alpha " + random.nextLong() + "\n");
    Files.writeString(root.resolve("docs/b.md"), "# beta " + random.nextLong() + "\n");
    Files.writeString(root.resolve("docs/deep/c.txt"), "gamma " + random.nextLong() + "\n");
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      log.append("line ").append(i).append(' ').append(random.nextInt(1000)).append('\n');
    }
    Files.writeString(root.resolve("logs/app.log"), log, StandardCharsets.UTF_8);
    byte[] blob = new byte[200 * 1024];
    random.nextBytes(blob);
    Files.write(root.resolve("data/blob.bin"), blob);
    Files.writeString(root.resolve("notes.txt"), "notes " + seed + "\n");
    return root;
  }

  /** {@code n} seeded random bytes: incompressible, and unique to the seed. */
  static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
