package dev.holdfast.core.cache;

import dev.holdfast.core.crypto.AuthenticationFailed;
import dev.holdfast.core.crypto.ObjectSealer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One file of a repository's local cache, {@code <root>/<repositoryId>/<name>}: four magic bytes, a
 * format version byte, and the contents sealed with a cache sealer under the context {@code
 * "cache/<name>/v<version>/<repositoryId>"} (docs/FORMAT.md, "Snapshot cache"). What the contents
 * mean is its user's business; this class makes the file never trusted and never fatal: a missing,
 * damaged, foreign or other-version file reads as empty (with a warning, except for another
 * version), and a failure to write is a warning. A write replaces the file atomically, so many
 * threads and processes may share it.
 */
public final class SealedCacheFile {
  /** Largest cache file read; a larger one is not used. */
  public static final long MAX_FILE_BYTES = 1L << 30;

  private static final int MAGIC_BYTES = 4;
  private static final int HEADER_BYTES = MAGIC_BYTES + 1;
  private static final String TAG_NAME = "CACHEDIR.TAG";
  private static final String TAG =
      "Signature: 8a477f597d28d172789f06886806bc55\n"
          + "# This file is a cache directory tag created by Holdfast.\n"
          + "# For information about cache directory tags see https://bford.info/cachedir/\n";
  private static final int MAX_REPOSITORY_ID_HEX = 64;

  private final Path root;
  private final Path file;
  private final String label;
  private final byte[] magic;
  private final int version;
  private final String context;
  private final ObjectSealer sealer;
  private final Consumer<String> warnings;

  /**
   * The cache file {@code name} of the repository {@code repositoryId} under {@code root}; nothing
   * is read or written yet.
   *
   * @param label what the file is, for warnings ("snapshot cache")
   * @param magic the file's first four bytes (ASCII), different for every kind of cache file
   * @param version the format version of the contents; a file of another version is not read
   * @param sealer a sealer of the repository's {@code MasterKey.cacheSealer} family
   * @param warnings told, in one line, when the file cannot be read or written, or is damaged
   * @throws IllegalArgumentException when {@code repositoryId} is not lower-case hex, so that it
   *     cannot name a folder safely, or {@code name} is not a plain lower-case file name
   */
  public SealedCacheFile(
      Path root,
      String repositoryId,
      String name,
      String label,
      String magic,
      int version,
      ObjectSealer sealer,
      Consumer<String> warnings) {
    if (!isHexName(repositoryId)) {
      throw new IllegalArgumentException(
          "repository id '" + repositoryId + "' is not lower-case hex; it cannot name a cache");
    }
    if (!name.matches("[a-z][a-z0-9-]{0,63}")) {
      throw new IllegalArgumentException("'" + name + "' cannot name a cache file");
    }
    this.magic = magic.getBytes(StandardCharsets.US_ASCII);
    if (this.magic.length != MAGIC_BYTES || version < 0 || version > 255) {
      throw new IllegalArgumentException("a cache file has 4 magic bytes and a version byte");
    }
    this.root = root.toAbsolutePath().normalize();
    this.file = this.root.resolve(repositoryId).resolve(name);
    this.label = Objects.requireNonNull(label, "label");
    this.version = version;
    this.context = "cache/" + name + "/v" + version + "/" + repositoryId;
    this.sealer = Objects.requireNonNull(sealer, "sealer");
    this.warnings = Objects.requireNonNull(warnings, "warnings");
  }

  /** Where the file is. */
  public Path file() {
    return file;
  }

  /**
   * The contents as last written; empty when there is no file yet, or when it cannot be used (then
   * a warning says why, except for a file of another format version, which is expected after an
   * upgrade).
   */
  public Optional<byte[]> read() {
    byte[] header = new byte[HEADER_BYTES];
    byte[] sealed;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > MAX_FILE_BYTES) {
        warn("ignored the " + label + " " + file + ": " + size + " bytes is more than it may have");
        return Optional.empty();
      }
      if (size < HEADER_BYTES || !readFully(channel, header)) {
        ignored("it is truncated");
        return Optional.empty();
      }
      sealed = new byte[(int) size - HEADER_BYTES];
      if (!readFully(channel, sealed)) {
        warn("ignored the " + label + " " + file + ": it shrank while being read");
        return Optional.empty();
      }
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      warn("cannot read the " + label + " " + file + ": " + e);
      return Optional.empty();
    }
    if (!Arrays.equals(header, 0, MAGIC_BYTES, magic, 0, MAGIC_BYTES)) {
      ignored("it is not one");
      return Optional.empty();
    }
    if ((header[MAGIC_BYTES] & 0xff) != version) {
      return Optional.empty(); // written by another version of Holdfast: rebuilt in this one's
    }
    try {
      return Optional.of(sealer.open(context, sealed));
    } catch (AuthenticationFailed e) {
      warn(
          "ignored the "
              + label
              + " "
              + file
              + ": it failed authentication (damaged, or not this repository's); rebuilding it");
      return Optional.empty();
    }
  }

  /**
   * Warns that the contents just read cannot be used because of {@code why}, and that the file will
   * be rebuilt.
   */
  public void ignored(String why) {
    warn("ignored the " + label + " " + file + ": " + why + " (rebuilding it)");
  }

  /** Passes {@code warning} to this file's warnings. */
  public void warn(String warning) {
    warnings.accept(warning);
  }

  /**
   * Replaces the file with {@code contents}: a new file in the same folder, renamed over the old
   * one so that readers see the old or the new file, never a part. The folders are made readable by
   * this user only (0700), the file too (0600).
   *
   * @param what what the contents are, for the warning when they are too large ("10 snapshots")
   */
  public void write(byte[] contents, String what) {
    if (contents.length + HEADER_BYTES + ObjectSealer.OVERHEAD > MAX_FILE_BYTES) {
      warn("not caching " + what + ": the " + label + " would exceed its size limit");
      return;
    }
    byte[] sealed = sealer.seal(context, contents);
    byte[] bytes = new byte[HEADER_BYTES + sealed.length];
    System.arraycopy(magic, 0, bytes, 0, MAGIC_BYTES);
    bytes[MAGIC_BYTES] = (byte) version;
    System.arraycopy(sealed, 0, bytes, HEADER_BYTES, sealed.length);
    Path temp = null;
    try {
      Path folder = file.getParent();
      createPrivateFolders(folder);
      temp =
          Files.createTempFile(folder, file.getFileName().toString() + "-", ".tmp", privateFile());
      Files.write(temp, bytes);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
    } catch (IOException | UnsupportedOperationException e) {
      warn("cannot write the " + label + " " + file + ": " + e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          warn("cannot remove the temporary file " + temp + ": " + e);
        }
      }
    }
  }

  /**
   * Creates the cache root and {@code folder} (0700), and tags the root as a cache so that backup
   * tools that honour CACHEDIR.TAG skip it.
   */
  private void createPrivateFolders(Path folder) throws IOException {
    boolean rootWasThere = Files.isDirectory(root);
    if (posix()) {
      Files.createDirectories(
          folder,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(folder);
    }
    if (!rootWasThere) {
      try {
        Files.writeString(
            Files.createFile(root.resolve(TAG_NAME), privateFile()),
            TAG,
            StandardCharsets.US_ASCII);
      } catch (FileAlreadyExistsException e) {
        // another process tagged it first
      }
    }
  }

  /** Reads {@code into} whole from the channel's position; false when the file ends first. */
  private static boolean readFully(FileChannel channel, byte[] into) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(into);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        return false;
      }
    }
    return true;
  }

  private FileAttribute<?>[] privateFile() {
    return posix()
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
        }
        : new FileAttribute<?>[0];
  }

  private boolean posix() {
    return root.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static boolean isHexName(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_REPOSITORY_ID_HEX) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
