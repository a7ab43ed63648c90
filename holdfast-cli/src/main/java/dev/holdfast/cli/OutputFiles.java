package dev.holdfast.cli;

import dev.holdfast.core.UsageError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Files a command writes for the user (reports, pages): whole or not at all. */
public final class OutputFiles {
  private OutputFiles() {}

  /**
   * Writes {@code data} to {@code file} through a temporary file in the same folder, synced and
   * renamed over it, so a reader never sees half a file.
   *
   * @throws UsageError when the folder does not exist
   */
  public static void writeAtomically(Path file, byte[] data) {
    Path target = file.toAbsolutePath();
    Path folder = target.getParent();
    if (folder == null || !Files.isDirectory(folder)) {
      throw new UsageError("cannot write " + file + ": folder " + folder + " does not exist");
    }
    Path tmp = null;
    try {
      tmp = Files.createTempFile(folder, "." + target.getFileName(), ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + file + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          // best effort: a stray temporary file, never a half-written target
        }
      }
    }
  }
}
