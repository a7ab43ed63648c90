package dev.holdfast.core.backup;

import dev.holdfast.core.snapshot.Metadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Reads an entry's metadata with one lstat (the {@code unix} attribute view), never following
 * symlinks. User and group names are looked up once per id and cached. Thread-safe.
 */
final class MetadataReader {
  private static final String ATTRIBUTES =
      "unix:mode,uid,gid,ino,dev,rdev,nlink,ctime,size,lastModifiedTime";

  static final int TYPE_MASK = 0170000;
  static final int REGULAR = 0100000;
  static final int DIRECTORY = 0040000;
  static final int SYMLINK = 0120000;
  static final int FIFO = 0010000;
  static final int SOCKET = 0140000;
  static final int CHAR_DEVICE = 0020000;
  static final int BLOCK_DEVICE = 0060000;

  private final Map<Integer, String> users = new ConcurrentHashMap<>();
  private final Map<Integer, String> groups = new ConcurrentHashMap<>();

  /** What one lstat says about an entry. */
  record Stat(int type, long size, long rdev, Metadata meta) {
    boolean isRegular() {
      return type == REGULAR;
    }

    boolean isDirectory() {
      return type == DIRECTORY;
    }

    boolean isSymlink() {
      return type == SYMLINK;
    }
  }

  Stat read(Path path) throws IOException {
    Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) a.get("mode");
    int uid = (Integer) a.get("uid");
    int gid = (Integer) a.get("gid");
    Metadata meta =
        new Metadata(
            mode & 07777,
            uid,
            gid,
            users.computeIfAbsent(uid, u -> userName(path, u)),
            groups.computeIfAbsent(gid, g -> groupName(path, g)),
            nanos((FileTime) a.get("lastModifiedTime")),
            nanos((FileTime) a.get("ctime")),
            (Long) a.get("ino"),
            (Long) a.get("dev"),
            (Integer) a.get("nlink"));
    return new Stat(mode & TYPE_MASK, (Long) a.get("size"), (Long) a.get("rdev"), meta);
  }

  static long nanos(FileTime t) {
    return t.to(TimeUnit.NANOSECONDS);
  }

  private static String userName(Path path, int uid) {
    try {
      return Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
    } catch (IOException | UnsupportedOperationException e) {
      return Integer.toString(uid);
    }
  }

  private static String groupName(Path path, int gid) {
    try {
      return Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .group()
          .getName();
    } catch (IOException | UnsupportedOperationException e) {
      return Integer.toString(gid);
    }
  }
}
