package dev.holdfast.core.storage.local;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A repository folder on a local file system. Each blob is a file at {@code
 * root/<BlobName.path()>}, readable and writable by the owner only (0600, folders 0700).
 *
 * <p>Atomic, durable put-if-absent: the bytes go to a new file in {@code root/tmp}, are fsynced,
 * then published with {@code link(2)}, which fails if the name exists, so a blob is never
 * overwritten and never seen half-written; the temporary name is removed and the folder fsynced.
 * Where hard links are not supported the file is renamed without replacing (a check-then-rename
 * that is atomic on every POSIX file system). Pack fan-out folders are created on first use.
 */
public final class LocalBlobStore implements BlobStore {
  static final String TMP = "tmp";
  private static final String TMP_PREFIX = "holdfast-";
  private static final Set<PosixFilePermission> FOLDER =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private final Path root;
  private final boolean posix;
  private final SecureRandom random = new SecureRandom();

  private LocalBlobStore(Path root) {
    this.root = root;
    this.posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** Opens an existing repository folder. */
  public static LocalBlobStore open(Path root) {
    Path abs = root.toAbsolutePath().normalize();
    if (!Files.isDirectory(abs)) {
      throw new StorageUnavailable("repository folder " + abs + " does not exist", true, null);
    }
    return new LocalBlobStore(abs);
  }

  /** Creates the folder tree of a new repository (an existing empty folder is fine). */
  public static LocalBlobStore create(Path root) {
    Path abs = root.toAbsolutePath().normalize();
    LocalBlobStore store = new LocalBlobStore(abs);
    try {
      store.createFolder(abs);
      for (BlobKind kind : BlobKind.values()) {
        if (kind != BlobKind.CONFIG) {
          store.createFolder(abs.resolve(kind.folder()));
        }
      }
      store.createFolder(abs.resolve(TMP));
    } catch (IOException e) {
      throw failure("creating repository folders in " + abs, e);
    }
    return store;
  }

  @Override
  public boolean putIfAbsent(BlobName name, byte[] data, int offset, int length) {
    Path target = root.resolve(name.path());
    if (Files.exists(target)) {
      return false;
    }
    Path tmp = root.resolve(TMP).resolve(TMP_PREFIX + HexFormat.of().formatHex(randomBytes()));
    try {
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              fileAttributes())) {
        ByteBuffer b = ByteBuffer.wrap(data, offset, length);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      Path folder = target.getParent();
      if (!Files.isDirectory(folder)) {
        createFolder(folder);
      }
      boolean stored = publish(tmp, target);
      fsyncFolder(folder);
      return stored;
    } catch (IOException e) {
      throw failure("writing " + name + " to " + root, e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        // a stray temporary file is harmless; cleanStaleTemp removes it later
      }
    }
  }

  private boolean publish(Path tmp, Path target) throws IOException {
    try {
      Files.createLink(target, tmp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException | FileSystemException e) {
      // This file system has no hard links: a rename that refuses to replace is the fallback.
      try {
        Files.move(tmp, target);
        return true;
      } catch (FileAlreadyExistsException race) {
        return false;
      }
    }
  }

  @Override
  public byte[] get(BlobName name) {
    Path p = root.resolve(name.path());
    try {
      long size = Files.size(p);
      if (size > Integer.MAX_VALUE - 16) {
        throw new StorageUnavailable(
            name + " is too large to read at once (" + size + " bytes)", true, null);
      }
      return Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      throw missing(name);
    } catch (IOException e) {
      throw failure("reading " + name + " from " + root, e);
    }
  }

  @Override
  public byte[] getRange(BlobName name, long offset, int length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative range for " + name);
    }
    Path p = root.resolve(name.path());
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      long size = ch.size();
      if (offset + length > size) {
        throw new CorruptObject(
            name
                + " is shorter than expected: "
                + size
                + " bytes, asked for "
                + length
                + " at "
                + offset);
      }
      ByteBuffer b = ByteBuffer.allocate(length);
      while (b.hasRemaining()) {
        int n = ch.read(b, offset + b.position());
        if (n < 0) {
          throw new CorruptObject(
              name + " ended early while reading " + length + " bytes at " + offset);
        }
      }
      return b.array();
    } catch (NoSuchFileException e) {
      throw missing(name);
    } catch (IOException e) {
      throw failure("reading " + name + " from " + root, e);
    }
  }

  @Override
  public Optional<BlobInfo> stat(BlobName name) {
    Path p = root.resolve(name.path());
    try {
      return Optional.of(new BlobInfo(name, Files.size(p)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw failure("reading the size of " + name + " in " + root, e);
    }
  }

  @Override
  public List<BlobInfo> list(BlobKind kind) {
    List<BlobInfo> out = new ArrayList<>();
    if (kind == BlobKind.CONFIG) {
      stat(BlobName.CONFIG).ifPresent(out::add);
      return out;
    }
    Path folder = root.resolve(kind.folder());
    try {
      if (!Files.isDirectory(folder)) {
        return out;
      }
      if (kind.fannedOut()) {
        try (DirectoryStream<Path> subs = Files.newDirectoryStream(folder)) {
          for (Path sub : subs) {
            if (Files.isDirectory(sub) && sub.getFileName().toString().matches("[0-9a-f]{2}")) {
              listFolder(kind, sub, out);
            }
          }
        }
      } else {
        listFolder(kind, folder, out);
      }
    } catch (IOException e) {
      throw failure("listing " + kind.folder() + " in " + root, e);
    }
    return out;
  }

  private void listFolder(BlobKind kind, Path folder, List<BlobInfo> out) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
      for (Path f : files) {
        String n = f.getFileName().toString();
        if (!BlobName.isValid(kind, n) || !Files.isRegularFile(f)) {
          continue;
        }
        BlobName name = new BlobName(kind, n);
        if (!root.resolve(name.path()).equals(f)) {
          continue;
        }
        try {
          out.add(new BlobInfo(name, Files.size(f)));
        } catch (NoSuchFileException e) {
          // deleted while listing
        }
      }
    }
  }

  @Override
  public void delete(BlobName name) {
    try {
      Files.deleteIfExists(root.resolve(name.path()));
    } catch (IOException e) {
      throw failure("deleting " + name + " from " + root, e);
    }
  }

  /** Removes temporary files older than {@code age} left by crashed writers. */
  public int cleanStaleTemp(Duration age, Clock clock) {
    Instant cutoff = clock.instant().minus(age);
    int removed = 0;
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(root.resolve(TMP), TMP_PREFIX + "*")) {
      for (Path f : files) {
        if (Files.getLastModifiedTime(f).toInstant().isBefore(cutoff) && Files.deleteIfExists(f)) {
          removed++;
        }
      }
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw failure("cleaning temporary files in " + root, e);
    }
    return removed;
  }

  @Override
  public String location() {
    return root.toString();
  }

  private byte[] randomBytes() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return b;
  }

  private FileAttribute<?>[] fileAttributes() {
    return posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
        : new FileAttribute<?>[0];
  }

  private void createFolder(Path folder) throws IOException {
    if (posix) {
      try {
        Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(FOLDER));
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(folder)) {
          throw e;
        }
      }
    } else {
      Files.createDirectories(folder);
    }
  }

  private static void fsyncFolder(Path folder) {
    try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms refuse fsync on a folder; the file itself is already durable.
    }
  }

  private NoSuchBlob missing(BlobName name) {
    return new NoSuchBlob(name + " does not exist in " + root);
  }

  private static StorageUnavailable failure(String doing, IOException e) {
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    boolean permanent =
        e instanceof AccessDeniedException
            || reason.contains("No space left")
            || reason.contains("Read-only file system")
            || reason.contains("Disk quota");
    if (reason.contains("No space left")) {
      return new StorageUnavailable(doing + ": the disk is full", true, e);
    }
    return new StorageUnavailable(doing + ": " + reason, permanent, e);
  }
}
