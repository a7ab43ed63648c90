package dev.holdfast.core.storage.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;

/**
 * The filesystem mechanics under {@link LocalBlobStore}: owner-only creation, folder fsync and full
 * reads and writes, kept apart so the store reads as the put/get protocol.
 */
final class LocalFiles {
  /**
   * Largest slice handed to one channel call. The JDK copies a heap buffer through a per-thread
   * cached direct buffer of the same size, so unbounded slices would pin a pack-sized native buffer
   * in every writer thread.
   */
  private static final int IO_SLICE = 1 << 20;

  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  private static final FileAttribute<?>[] NONE = new FileAttribute<?>[0];
  private static final FileAttribute<?>[] OWNER_ONLY_FOLDER = {
    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))
  };
  private static final FileAttribute<?>[] OWNER_ONLY_FILE = {
    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
  };

  private LocalFiles() {}

  /** Attributes that make a new file 0600 where the filesystem has POSIX permissions. */
  static FileAttribute<?>[] ownerOnlyFile(Path file) {
    return posix(file) ? OWNER_ONLY_FILE : NONE;
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /**
   * Creates {@code folder} (0700) unless it exists, without syncing its parent.
   *
   * @return true when this call created it
   */
  static boolean createFolder(Path folder) throws IOException {
    try {
      Files.createDirectory(folder, posix(folder) ? OWNER_ONLY_FOLDER : NONE);
      return true;
    } catch (FileAlreadyExistsException e) {
      if (Files.isDirectory(folder)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Creates {@code folder} and any missing parents (each 0700) and syncs the parent of every folder
   * created, so that the new folders survive a crash.
   */
  static void createFolders(Path folder) throws IOException {
    if (Files.isDirectory(folder)) {
      return;
    }
    Path parent = folder.getParent();
    if (parent != null) {
      createFolders(parent);
    }
    if (createFolder(folder) && parent != null) {
      syncFolder(parent);
    }
  }

  /**
   * Makes the entries of {@code folder} (a new, renamed or removed name) durable.
   *
   * <p>Windows cannot open a folder as a channel and journals NTFS metadata itself, so this is a
   * no-op there. Elsewhere an error is ignored only when the filesystem says it does not implement
   * fsync on folders (EINVAL or ENOTSUP, seen on some FUSE and network mounts); any other error,
   * such as EIO, means the entry may not be durable and is thrown.
   */
  static void syncFolder(Path folder) throws IOException {
    if (WINDOWS) {
      return;
    }
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      if (!refusesFolderSync(e)) {
        throw e;
      }
    }
  }

  private static boolean refusesFolderSync(IOException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("Invalid argument") || message.contains("not supported");
  }

  /** Writes all of {@code data[offset, offset+length)} at the channel's position. */
  static void writeFully(FileChannel channel, byte[] data, int offset, int length)
      throws IOException {
    int end = offset + length;
    for (int at = offset; at < end; ) {
      ByteBuffer slice = ByteBuffer.wrap(data, at, Math.min(IO_SLICE, end - at));
      while (slice.hasRemaining()) {
        at += channel.write(slice);
      }
    }
  }

  /**
   * Reads into all of {@code into} from {@code position} with positional reads.
   *
   * @return the number of bytes read: less than {@code into.length} only at end of file
   */
  static int readFully(FileChannel channel, long position, byte[] into) throws IOException {
    int done = 0;
    while (done < into.length) {
      ByteBuffer slice = ByteBuffer.wrap(into, done, Math.min(IO_SLICE, into.length - done));
      int n = channel.read(slice, position + done);
      if (n < 0) {
        break;
      }
      done += n;
    }
    return done;
  }
}
