package dev.holdfast.core.snapshot;

import dev.holdfast.core.crypto.AuthenticationFailed;
import dev.holdfast.core.crypto.ObjectSealer;
import dev.holdfast.core.id.SnapshotId;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A local cache of one repository's decoded snapshot manifests, in one file sealed with the
 * repository's cache subkey (docs/FORMAT.md, "Snapshot cache"), so that listing a large repository
 * reads one local file and only the manifests written since. It is never trusted: a missing,
 * damaged, foreign or other-version file reads as empty and is rewritten, and the storage listing
 * decides which snapshots exist (docs/DESIGN.md, "Snapshot cache"). Failures to read or write it
 * are warnings, never errors. Safe for many threads and processes: a write replaces the file
 * atomically.
 */
public final class SnapshotCache {
  /** The file's name inside the repository's cache folder. */
  static final String FILE_NAME = "snapshots";

  /** Largest cache file read (about nine million snapshots); a larger one is not used. */
  static final long MAX_FILE_BYTES = 1L << 30;

  private static final byte[] MAGIC = "HFSC".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER_BYTES = MAGIC.length + 1;
  private static final String TAG_NAME = "CACHEDIR.TAG";
  private static final String TAG =
      "Signature: 8a477f597d28d172789f06886806bc55\n"
          + "# This file is a cache directory tag created by Holdfast.\n"
          + "# For information about cache directory tags see https://bford.info/cachedir/\n";
  private static final int MAX_REPOSITORY_ID_HEX = 64;

  /** One cached manifest: the snapshot and the size of its sealed blob in storage. */
  record Entry(Snapshot snapshot, long sealedSize) {
    Entry {
      Objects.requireNonNull(snapshot, "snapshot");
    }
  }

  private final Path root;
  private final Path file;
  private final String context;
  private final ObjectSealer sealer;
  private final Consumer<String> warnings;

  /**
   * The cache of the repository {@code repositoryId} under {@code root} (the folder {@code
   * <root>/<repositoryId>}), sealed with {@code sealer} (the repository's {@link
   * dev.holdfast.core.crypto.MasterKey#cacheSealer()}); nothing is read or written yet.
   *
   * @param warnings told, in one line, when the cache cannot be read or written, or is damaged
   * @throws IllegalArgumentException when {@code repositoryId} is not lower-case hex, so that it
   *     cannot name a folder safely
   */
  public SnapshotCache(
      Path root, String repositoryId, ObjectSealer sealer, Consumer<String> warnings) {
    if (!isHexName(repositoryId)) {
      throw new IllegalArgumentException(
          "repository id '" + repositoryId + "' is not lower-case hex; it cannot name a cache");
    }
    this.root = root.toAbsolutePath().normalize();
    this.file = this.root.resolve(repositoryId).resolve(FILE_NAME);
    this.context = "cache/snapshots/v" + SnapshotCacheCodec.VERSION + "/" + repositoryId;
    this.sealer = Objects.requireNonNull(sealer, "sealer");
    this.warnings = Objects.requireNonNull(warnings, "warnings");
  }

  /**
   * The cached entries by snapshot id; empty when there is no cache yet, or when it cannot be used
   * (then a warning says why, except for a cache of another format version, which is expected after
   * an upgrade).
   */
  Map<SnapshotId, Entry> read() {
    byte[] header = new byte[HEADER_BYTES];
    byte[] sealed;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > MAX_FILE_BYTES) {
        warnings.accept(
            "ignored the snapshot cache " + file + ": " + size + " bytes is more than it may have");
        return Map.of();
      }
      if (size < HEADER_BYTES || !readFully(channel, header)) {
        warnings.accept("ignored the snapshot cache " + file + ": it is truncated (rebuilding it)");
        return Map.of();
      }
      sealed = new byte[(int) size - HEADER_BYTES];
      if (!readFully(channel, sealed)) {
        warnings.accept("ignored the snapshot cache " + file + ": it shrank while being read");
        return Map.of();
      }
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException e) {
      warnings.accept("cannot read the snapshot cache " + file + ": " + e);
      return Map.of();
    }
    if (!Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      warnings.accept("ignored the snapshot cache " + file + ": it is not one (rebuilding it)");
      return Map.of();
    }
    if (header[MAGIC.length] != SnapshotCacheCodec.VERSION) {
      return Map.of(); // written by another version of Holdfast: rebuilt in this one's format
    }
    byte[] plain;
    try {
      plain = sealer.open(context, sealed);
    } catch (AuthenticationFailed e) {
      warnings.accept(
          "ignored the snapshot cache "
              + file
              + ": it failed authentication (damaged, or not this repository's); rebuilding it");
      return Map.of();
    }
    try {
      Map<SnapshotId, Entry> entries = new HashMap<>();
      for (Entry e : SnapshotCacheCodec.decode(plain)) {
        entries.put(e.snapshot().id(), e);
      }
      return entries;
    } catch (IllegalArgumentException e) {
      warnings.accept(
          "ignored the snapshot cache " + file + ": " + e.getMessage() + " (rebuilding it)");
      return Map.of();
    }
  }

  /**
   * Replaces the cache with {@code entries}: a new file in the same folder, renamed over the old
   * one so that readers see the old or the new cache, never a part. The folders are made readable
   * by this user only (0700), the file too (0600).
   */
  void write(Collection<Entry> entries) {
    byte[] plain = SnapshotCacheCodec.encode(entries);
    if (plain.length + HEADER_BYTES + ObjectSealer.OVERHEAD > MAX_FILE_BYTES) {
      warnings.accept(
          "not caching " + entries.size() + " snapshots: the cache would exceed its size limit");
      return;
    }
    byte[] sealed = sealer.seal(context, plain);
    byte[] bytes = new byte[HEADER_BYTES + sealed.length];
    System.arraycopy(MAGIC, 0, bytes, 0, MAGIC.length);
    bytes[MAGIC.length] = (byte) SnapshotCacheCodec.VERSION;
    System.arraycopy(sealed, 0, bytes, HEADER_BYTES, sealed.length);
    Path temp = null;
    try {
      Path folder = file.getParent();
      createPrivateFolders(folder);
      temp = Files.createTempFile(folder, FILE_NAME + "-", ".tmp", privateFile());
      Files.write(temp, bytes);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
    } catch (IOException | UnsupportedOperationException e) {
      warnings.accept("cannot write the snapshot cache " + file + ": " + e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          warnings.accept("cannot remove the temporary file " + temp + ": " + e);
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
