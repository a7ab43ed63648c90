package dev.holdfast.tls.material;

import dev.holdfast.tls.TlsMaterialException;
import dev.holdfast.tls.TlsStorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Whole-file reads with a size bound and whole-file replacement that a reader never sees half done:
 * the bytes go to a temporary file in the same folder, which is synced, renamed over the target and
 * followed by a sync of the folder. Private keys are created owner-only (0600) from the first byte,
 * not chmod-ed afterwards.
 */
public final class AtomicFiles {

  /** Who may read a file written here. */
  public enum Visibility {
    /** Owner read/write only (0600): private keys, the authority's state. */
    PRIVATE("rw-------"),
    /** Owner read/write, everyone read (0644): certificates, trust bundles, CRLs. */
    PUBLIC("rw-r--r--");

    private final Set<PosixFilePermission> permissions;

    Visibility(String mode) {
      // Unmodifiable: a caller must not be able to widen what every later write of a private
      // key gets.
      this.permissions = Set.copyOf(PosixFilePermissions.fromString(mode));
    }

    /** The POSIX permissions of a file of this visibility. */
    public Set<PosixFilePermission> permissions() {
      return permissions;
    }
  }

  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
  private static final SecureRandom TEMP_NAMES = new SecureRandom();

  private AtomicFiles() {}

  /**
   * Replaces {@code file} with {@code content} atomically: a reader sees the old bytes or the new
   * ones, never a mix, and after a crash the file holds one of the two.
   *
   * @throws TlsStorageException naming the file when the folder is missing or the write fails
   */
  public static void write(Path file, byte[] content, Visibility visibility) {
    Path folder = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(folder)) {
      throw new TlsStorageException("writing " + file + ": the folder " + folder + " is missing");
    }
    Path temp = null;
    try {
      temp = createTemp(folder, file.getFileName().toString(), visibility);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      move(temp, file);
      temp = null;
      syncFolder(folder);
    } catch (IOException e) {
      throw new TlsStorageException("writing " + file + ": " + describe(e), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the write already failed and says so; a stray temp file is named so it is harmless
        }
      }
    }
  }

  /**
   * Reads all of {@code file}, refusing files larger than {@code maxBytes}, which no certificate or
   * key file is: a hostile path must not make us read a disk image into memory.
   *
   * @param what what the file should hold, for messages ("certificate file")
   * @throws TlsStorageException when the file cannot be read
   * @throws TlsMaterialException when it is larger than {@code maxBytes}
   */
  public static byte[] read(Path file, long maxBytes, String what) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        throw new TlsMaterialException(
            what + " " + file + " is larger than " + maxBytes + " bytes; it cannot be one");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new TlsStorageException("reading " + what + " " + file + ": no such file", e);
    } catch (IOException e) {
      throw new TlsStorageException("reading " + what + " " + file + ": " + describe(e), e);
    }
  }

  /** Creates {@code folder} and missing parents owner-only (0700) where permissions exist. */
  public static void createPrivateFolder(Path folder) {
    try {
      if (Files.isDirectory(folder)) {
        return;
      }
      if (posix(folder.toAbsolutePath().getParent())) {
        Files.createDirectories(
            folder,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(folder);
      }
      syncFolder(folder.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new TlsStorageException("creating folder " + folder + ": " + describe(e), e);
    }
  }

  /** Deletes {@code file} if it exists and syncs its folder. */
  public static void delete(Path file) {
    try {
      if (Files.deleteIfExists(file)) {
        syncFolder(file.toAbsolutePath().getParent());
      }
    } catch (IOException e) {
      throw new TlsStorageException("deleting " + file + ": " + describe(e), e);
    }
  }

  private static Path createTemp(Path folder, String name, Visibility visibility)
      throws IOException {
    boolean posix = posix(folder);
    FileAttribute<?>[] attributes =
        posix
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(Visibility.PRIVATE.permissions())
            }
            : new FileAttribute<?>[0];
    while (true) {
      byte[] random = new byte[8];
      TEMP_NAMES.nextBytes(random);
      Path temp = folder.resolve("." + name + "." + HexFormat.of().formatHex(random) + ".tmp");
      try {
        FileChannel.open(
                temp,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                attributes)
            .close();
      } catch (FileAlreadyExistsException e) {
        continue;
      }
      if (posix) {
        // created 0600 whatever the umask; widened only for public files, before any byte is in
        Files.setPosixFilePermissions(temp, visibility.permissions());
      }
      return temp;
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the filesystem cannot rename atomically", e);
    }
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** Makes a new or renamed entry of {@code folder} durable (a no-op where folders cannot sync). */
  private static void syncFolder(Path folder) throws IOException {
    if (WINDOWS) {
      return;
    }
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      String message = String.valueOf(e.getMessage());
      if (!message.contains("Invalid argument") && !message.contains("not supported")) {
        throw e;
      }
    }
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
