package dev.holdfast.core.backup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens the files a backup reads. A seam for tests: they run as root, which reads every file
 * whatever its permission bits, so a test makes opening fail here as it fails for users.
 */
interface SourceFiles {
  /** Opens for reading, without following a symlink at the last component. */
  SourceFiles DEFAULT =
      path -> FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

  /** A channel for reading {@code path}; the caller closes it. */
  FileChannel open(Path path) throws IOException;
}
