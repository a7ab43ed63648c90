package dev.holdfast.core.restore;

import dev.holdfast.core.snapshot.Metadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * Applies restored metadata without following symlinks: owner (only when running as root), then
 * mode (after chown, which clears setuid bits), then modification time last (unless told not to).
 */
final class MetadataWriter {
  private final boolean restoreOwner;

  MetadataWriter(boolean restoreOwner) {
    this.restoreOwner = restoreOwner;
  }

  /** True when this process runs as root and so can give files their owners back. */
  static boolean runningAsRoot() {
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return Integer.valueOf(0).equals(uid);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  void apply(Path path, Metadata meta, boolean symlink, boolean withTime) throws IOException {
    if (restoreOwner) {
      Files.setAttribute(path, "unix:uid", meta.uid(), LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(path, "unix:gid", meta.gid(), LinkOption.NOFOLLOW_LINKS);
    }
    if (!symlink) {
      Files.setAttribute(path, "unix:mode", meta.mode(), LinkOption.NOFOLLOW_LINKS);
    }
    if (!withTime) {
      return;
    }
    FileTime mtime = FileTime.from(meta.mtimeNs(), TimeUnit.NANOSECONDS);
    try {
      Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setTimes(mtime, null, null);
    } catch (IOException e) {
      if (!symlink) {
        throw e;
      }
      // Some platforms cannot set a symlink's own time; its target is never touched.
    }
  }
}
