package dev.holdfast.core.storage.local;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.RepositoryNotFound;
import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.storage.BlobFailures;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A repository in a folder of a local filesystem: each blob is the file {@code
 * root/<BlobName.path()>}, folders are 0700 and files 0600 where the filesystem has POSIX
 * permissions.
 *
 * <p>A put writes a temp file in {@code root/tmp}, fsyncs it, then publishes it with a hard link,
 * which fails if the name exists: readers see the whole blob or none, even after a crash, and a
 * blob is never overwritten. Temp files left by a crash are never visible as blobs; {@link
 * #cleanStaleTemp} removes them.
 */
public final class LocalBlobStore implements BlobStore {
  private static final String TMP_FOLDER = "tmp";
  private static final HexFormat HEX = HexFormat.of();

  /** Java arrays stop a few bytes short of {@code Integer.MAX_VALUE}. */
  private static final long MAX_WHOLE_READ = Integer.MAX_VALUE - 8;

  private static final int MOVE_LOCK_STRIPES = 64;

  /** The most of a streamed put's body held in memory at once. */
  private static final int PUT_BUFFER = 1 << 20;

  private final Path root;
  private final Path tmp;
  private final String location;
  private final boolean hardLinks;
  private final Object[] moveLocks = new Object[MOVE_LOCK_STRIPES];

  private LocalBlobStore(Path root, boolean hardLinks) {
    this.root = root;
    this.tmp = root.resolve(TMP_FOLDER);
    this.location = root.toString();
    this.hardLinks = hardLinks;
    for (int i = 0; i < moveLocks.length; i++) {
      moveLocks[i] = new Object();
    }
  }

  /**
   * Opens the repository folder {@code root}, which must exist. Opening writes nothing, so a
   * repository on read-only media can be read; folders a put needs are created when missing.
   *
   * @throws RepositoryNotFound when {@code root} does not exist or is not a folder
   */
  public static LocalBlobStore open(Path root) {
    return open(root, true);
  }

  /**
   * Opens {@code root} publishing blobs by rename only, as on filesystems without hard links; lets
   * the tests run the contract over that path.
   */
  static LocalBlobStore openWithoutHardLinks(Path root) {
    return open(root, false);
  }

  private static LocalBlobStore open(Path root, boolean hardLinks) {
    Path folder = root.toAbsolutePath().normalize();
    if (!Files.exists(folder)) {
      throw new RepositoryNotFound("no repository at " + folder + ": the folder does not exist");
    }
    if (!Files.isDirectory(folder)) {
      throw new RepositoryNotFound("no repository at " + folder + ": it is not a folder");
    }
    return new LocalBlobStore(folder, hardLinks);
  }

  /**
   * Creates the folder tree of a repository at {@code root} and opens it: {@code root} (with any
   * missing parents), one folder per blob kind, the 256 fan-out folders {@code data/00..ff} (made
   * eagerly, so a put normally only links a file), and {@code tmp}. Folders that exist are kept as
   * they are, so this never touches existing blobs; whether a repository already lives there is for
   * the caller to decide (by its config blob).
   */
  public static LocalBlobStore create(Path root) {
    Path folder = root.toAbsolutePath().normalize();
    try {
      LocalFiles.createFolders(folder);
      for (BlobKind kind : BlobKind.values()) {
        if (kind == BlobKind.CONFIG) {
          continue; // the config blob is a file at the root, not a folder
        }
        Path kindFolder = folder.resolve(kind.folder());
        LocalFiles.createFolder(kindFolder);
        if (kind.fannedOut()) {
          for (int i = 0; i < 256; i++) {
            LocalFiles.createFolder(kindFolder.resolve(HEX.toHexDigits((byte) i)));
          }
          LocalFiles.syncFolder(kindFolder);
        }
      }
      LocalFiles.createFolder(folder.resolve(TMP_FOLDER));
      LocalFiles.syncFolder(folder);
    } catch (IOException e) {
      throw IoFailures.failed("creating", "the repository folders", folder.toString(), e);
    }
    return new LocalBlobStore(folder, true);
  }

  @Override
  public boolean putIfAbsent(BlobName name, byte[] data, int offset, int length) {
    Objects.requireNonNull(name, "name");
    Objects.checkFromIndexSize(offset, length, data.length);
    return store(name, channel -> LocalFiles.writeFully(channel, data, offset, length));
  }

  /**
   * Writes the body into the temp file as it arrives, through a buffer of at most {@value
   * #PUT_BUFFER} bytes: the blob is never held whole. A body that ends early or fails leaves no
   * temp file behind.
   */
  @Override
  public boolean putIfAbsent(BlobName name, InputStream body, long length) throws IOException {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(body, "body");
    if (length < 0) {
      throw new IllegalArgumentException("a blob cannot have " + length + " bytes: " + name);
    }
    try {
      return store(name, channel -> copy(name, body, length, channel));
    } catch (BodyFailure e) {
      throw e.getCause();
    }
  }

  @Override
  public boolean streamsPuts() {
    return true;
  }

  /** The blob's bytes, written into the temp file's channel. */
  @FunctionalInterface
  private interface Content {
    void writeTo(FileChannel channel) throws IOException;
  }

  /** A failure of the body being stored, not of storage: it reaches the caller as it is. */
  private static final class BodyFailure extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    BodyFailure(IOException cause) {
      super(cause);
    }
  }

  private static void copy(BlobName name, InputStream body, long length, FileChannel channel)
      throws IOException {
    byte[] buffer = new byte[(int) Math.min(PUT_BUFFER, length)];
    for (long done = 0; done < length; ) {
      int n;
      try {
        n = body.read(buffer, 0, (int) Math.min(buffer.length, length - done));
      } catch (IOException e) {
        throw new BodyFailure(e);
      }
      if (n < 0) {
        throw new BodyFailure(BlobStore.bodyEnded(name, done, length));
      }
      LocalFiles.writeFully(channel, buffer, 0, n);
      done += n;
    }
  }

  private boolean store(BlobName name, Content content) {
    Path target = pathOf(name);
    Path parent = target.getParent();
    try {
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        // It may be a concurrent writer's blob whose name is not durable yet; we promise it is.
        LocalFiles.syncFolder(parent);
        return false;
      }
      ensureFolder(parent); // e.g. copied by a tool that drops empty folders
      Path temp = writeTemp(content);
      boolean stored;
      try {
        stored = publish(temp, target);
      } catch (IOException | RuntimeException e) {
        deleteAfterFailure(temp, e);
        throw e;
      }
      // If this fails the caller hears of a failure although the blob landed; a retry then
      // returns false, which the contract allows (a crash at this point looks the same).
      Files.deleteIfExists(temp);
      LocalFiles.syncFolder(parent);
      return stored;
    } catch (IOException e) {
      throw IoFailures.failed("storing", name, location, e);
    }
  }

  /** Writes a durable temp file under a fresh random name. */
  private Path writeTemp(Content content) throws IOException {
    ensureFolder(tmp);
    while (true) {
      Path temp = tmp.resolve(tempName());
      FileChannel channel;
      try {
        channel =
            FileChannel.open(
                temp,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                LocalFiles.ownerOnlyFile(temp));
      } catch (FileAlreadyExistsException e) {
        continue; // two 128-bit random names met: take another
      }
      try (channel) {
        content.writeTo(channel);
        channel.force(true);
      } catch (IOException | RuntimeException e) {
        deleteAfterFailure(temp, e); // do not keep a partial copy filling the disk
        throw e;
      }
      return temp;
    }
  }

  /**
   * Creates a missing folder inside the repository, but never the repository folder itself: on an
   * unmounted disk that would quietly put blobs on whatever filesystem holds the mount point.
   */
  private void ensureFolder(Path folder) throws IOException {
    if (Files.isDirectory(folder)) {
      return;
    }
    if (!Files.isDirectory(root)) {
      throw new NoSuchFileException(root.toString(), null, "the repository folder is gone");
    }
    LocalFiles.createFolders(folder);
  }

  private static String tempName() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    // Never a valid blob name (it has '-' and '.'), so it cannot be listed wherever it ends up.
    return "put-"
        + HEX.toHexDigits(random.nextLong())
        + HEX.toHexDigits(random.nextLong())
        + ".tmp";
  }

  /** Publishes {@code temp} as {@code target} unless that exists; true when published. */
  private boolean publish(Path temp, Path target) throws IOException {
    FileSystemException linkFailure = null;
    if (hardLinks) {
      try {
        Files.createLink(target, temp); // link(2) fails if the target exists: atomic put-if-absent
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (NoSuchFileException | AccessDeniedException e) {
        throw e;
      } catch (UnsupportedOperationException e) {
        // The filesystem provider has no hard links: publish by rename below.
      } catch (FileSystemException e) {
        linkFailure = e; // e.g. EPERM on FAT, EOPNOTSUPP on some network mounts
      }
    }
    try {
      return publishByMove(temp, target);
    } catch (IOException e) {
      if (linkFailure != null) {
        e.addSuppressed(linkFailure);
      }
      throw e;
    }
  }

  /**
   * Rename without replacing. The JDK checks that the target is missing and then renames, so two
   * writers of the same name could both pass the check; a lock per name makes that exact within
   * this store, but across processes on a filesystem without hard links it is best-effort.
   */
  private boolean publishByMove(Path temp, Path target) throws IOException {
    synchronized (moveLocks[Math.floorMod(target.hashCode(), moveLocks.length)]) {
      try {
        Files.move(temp, target);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }
  }

  private static void deleteAfterFailure(Path temp, Exception failure) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  @Override
  public byte[] get(BlobName name) {
    try (FileChannel channel = FileChannel.open(pathOf(name), StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > MAX_WHOLE_READ) {
        throw new StorageUnavailable(
            "reading "
                + name
                + " in "
                + location
                + ": "
                + size
                + " bytes is too large to read whole",
            true,
            null);
      }
      byte[] data = new byte[(int) size];
      int read = LocalFiles.readFully(channel, 0, data);
      if (read < data.length) {
        throw new StorageUnavailable(
            "reading "
                + name
                + " in "
                + location
                + ": it shrank from "
                + size
                + " to "
                + read
                + " bytes while being read",
            false,
            null);
      }
      return data;
    } catch (NoSuchFileException e) {
      throw noSuchBlob(name);
    } catch (IOException e) {
      throw IoFailures.failed("reading", name, location, e);
    }
  }

  @Override
  public byte[] getRange(BlobName name, long offset, int length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "range of " + name + " must not be negative: offset " + offset + ", length " + length);
    }
    try (FileChannel channel = FileChannel.open(pathOf(name), StandardOpenOption.READ)) {
      long size = channel.size();
      if (offset > size - length) {
        throw beyondEnd(name, offset, length, size);
      }
      byte[] data = new byte[length];
      int read = LocalFiles.readFully(channel, offset, data);
      if (read < length) {
        throw beyondEnd(name, offset, length, offset + read);
      }
      return data;
    } catch (NoSuchFileException e) {
      throw noSuchBlob(name);
    } catch (IOException e) {
      throw IoFailures.failed("reading", name, location, e);
    }
  }

  private CorruptObject beyondEnd(BlobName name, long offset, int length, long size) {
    return BlobFailures.beyondEnd(name, offset, length, size, location);
  }

  @Override
  public Optional<BlobInfo> stat(BlobName name) {
    try {
      BasicFileAttributes attributes =
          Files.readAttributes(pathOf(name), BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        throw new StorageUnavailable(
            "checking " + name + " in " + location + ": it is not a regular file", true, null);
      }
      return Optional.of(
          new BlobInfo(name, attributes.size(), attributes.lastModifiedTime().toInstant()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw IoFailures.failed("checking", name, location, e);
    }
  }

  @Override
  public List<BlobInfo> list(BlobKind kind) {
    Objects.requireNonNull(kind, "kind");
    if (kind == BlobKind.CONFIG) {
      return stat(BlobName.CONFIG).map(List::of).orElse(List.of());
    }
    Path folder = root.resolve(kind.folder());
    List<BlobInfo> blobs = new ArrayList<>();
    try {
      if (!Files.isDirectory(folder)) {
        if (!Files.isDirectory(root)) {
          // An unmounted disk must not look like an empty repository.
          throw new StorageUnavailable(
              "listing " + kind.folder() + " in " + location + ": the repository folder is gone",
              false,
              null);
        }
        if (kind.essential() && Files.exists(root.resolve(BlobName.CONFIG.path()))) {
          // A repository has every folder from creation on: a missing one is damage, never
          // "no snapshots" or "no data".
          throw new StorageUnavailable(
              "listing "
                  + kind.folder()
                  + " in "
                  + location
                  + ": the folder is missing from the repository",
              true,
              null);
        }
        return blobs;
      }
      if (!kind.fannedOut()) {
        listFolder(kind, folder, "", blobs);
        return blobs;
      }
      try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(folder)) {
        for (Path prefixFolder : prefixes) {
          String prefix = prefixFolder.getFileName().toString();
          if (isFanOutPrefix(prefix) && Files.isDirectory(prefixFolder)) {
            listFolder(kind, prefixFolder, prefix, blobs);
          }
        }
      }
      return blobs;
    } catch (IOException e) {
      throw IoFailures.failed("listing", kind.folder(), location, e);
    } catch (DirectoryIteratorException e) {
      throw IoFailures.failed("listing", kind.folder(), location, e.getCause());
    }
  }

  private static boolean isFanOutPrefix(String name) {
    return name.length() == 2
        && HexFormat.isHexDigit(name.charAt(0))
        && HexFormat.isHexDigit(name.charAt(1))
        && name.equals(name.toLowerCase(Locale.ROOT));
  }

  /**
   * Adds the blobs in {@code folder}. Stray files, temp files and names in the wrong fan-out folder
   * are skipped: {@link #get} could never reach them under their name.
   */
  private static void listFolder(BlobKind kind, Path folder, String prefix, List<BlobInfo> into)
      throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        String fileName = entry.getFileName().toString();
        if (!fileName.startsWith(prefix) || !BlobName.isValid(kind, fileName)) {
          continue;
        }
        BasicFileAttributes attributes;
        try {
          attributes = Files.readAttributes(entry, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
          continue; // deleted while we listed
        }
        if (attributes.isRegularFile()) {
          into.add(
              new BlobInfo(
                  new BlobName(kind, fileName),
                  attributes.size(),
                  attributes.lastModifiedTime().toInstant()));
        }
      }
    } catch (NoSuchFileException e) {
      // a fan-out folder removed while we listed holds no blobs
    }
  }

  /**
   * Removes the blob and syncs its folder: prune deletes an old index before the packs it names,
   * and without the sync a crash could bring back the index while its packs stay gone.
   */
  @Override
  public void delete(BlobName name) {
    Path path = pathOf(name);
    try {
      if (Files.deleteIfExists(path)) {
        LocalFiles.syncFolder(path.getParent());
      }
    } catch (IOException e) {
      throw IoFailures.failed("deleting", name, location, e);
    }
  }

  @Override
  public String location() {
    return location;
  }

  /**
   * Removes files in {@code root/tmp} last modified more than {@code olderThan} before {@code
   * clock}'s now: what crashed puts left behind. {@code olderThan} must be longer than any put
   * takes, or a put in flight loses its temp file and fails.
   *
   * @return the number of files removed
   */
  public int cleanStaleTemp(Duration olderThan, Clock clock) {
    if (olderThan.isNegative()) {
      throw new IllegalArgumentException(
          "age of stale temp files must not be negative: " + olderThan);
    }
    Instant cutoff = clock.instant().minus(olderThan);
    int removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp)) {
      for (Path entry : entries) {
        BasicFileAttributes attributes;
        try {
          attributes =
              Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
          continue;
        }
        if (!attributes.isDirectory()
            && attributes.lastModifiedTime().toInstant().isBefore(cutoff)
            && Files.deleteIfExists(entry)) {
          removed++;
        }
      }
    } catch (NoSuchFileException e) {
      return 0; // no tmp folder: nothing was ever put
    } catch (IOException e) {
      throw IoFailures.failed("removing stale temp files from", TMP_FOLDER, location, e);
    } catch (DirectoryIteratorException e) {
      throw IoFailures.failed("removing stale temp files from", TMP_FOLDER, location, e.getCause());
    }
    return removed;
  }

  private Path pathOf(BlobName name) {
    return root.resolve(Objects.requireNonNull(name, "name").path());
  }

  private NoSuchBlob noSuchBlob(BlobName name) {
    return BlobFailures.missing(name, location);
  }
}
