package dev.holdfast.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A regular file this process cannot read, for testing what backup does with one. Tests often run
 * as root, which reads every ordinary file whatever its mode; but the kernel refuses even root to
 * read write-only sysctl files such as {@code /proc/sys/vm/drop_caches} (mode 0200), so those serve
 * as the unreadable file there. Skips the test when no such file can be found.
 */
final class Unreadable {
  private static final String[] SYSCTL_WRITE_ONLY = {
    "/proc/sys/vm/drop_caches", "/proc/sys/vm/compact_memory"
  };

  private Unreadable() {}

  /** A regular file that exists and cannot be opened for reading. */
  static Path file(Path tmp) throws IOException {
    Path own = tmp.resolve("unreadable-" + System.nanoTime());
    Files.writeString(own, "secret");
    Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("---------"));
    if (!canRead(own)) {
      return own; // not root: an ordinary mode-000 file does it
    }
    Files.delete(own);
    for (String candidate : SYSCTL_WRITE_ONLY) {
      Path p = Path.of(candidate);
      if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !canRead(p)) {
        return p;
      }
    }
    assumeTrue(false, "no file found that this process cannot read");
    throw new AssertionError("unreachable");
  }

  private static boolean canRead(Path p) {
    try (InputStream in = Files.newInputStream(p)) {
      in.read();
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
