package dev.holdfast.cli;

import dev.holdfast.core.UsageError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a secret (a passphrase, an S3 secret key) from the first line of a small file, so that it
 * never has to appear on a command line where other users could see it.
 */
final class SecretFiles {
  private static final long MAX_FILE_BYTES = 4096;

  private SecretFiles() {}

  /**
   * The first line of {@code file} without its line ending ({@code \n} or {@code \r\n}).
   *
   * @param what what the file holds, for messages, e.g. "password file"
   * @throws UsageError when the file is missing, unreadable, larger than 4096 bytes or its first
   *     line is empty
   */
  static char[] firstLine(Path file, String what) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new UsageError(what + " " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int nl = text.indexOf('\n');
      String line = nl >= 0 ? text.substring(0, nl) : text;
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.isEmpty()) {
        throw new UsageError(what + " " + file + " is empty");
      }
      return line.toCharArray();
    } catch (IOException e) {
      throw new UsageError("cannot read " + what + " " + file + ": " + e.getMessage());
    }
  }
}
