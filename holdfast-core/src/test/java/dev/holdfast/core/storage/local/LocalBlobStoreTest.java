package dev.holdfast.core.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.RepositoryNotFound;
import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.BlobStoreContract;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobStoreTest extends BlobStoreContract {
  private static final BlobName PACK_3F = new BlobName(BlobKind.PACK, "3f" + "a1".repeat(31));

  @TempDir Path temp;
  Path root;

  @Override
  protected BlobStore newStore() {
    root = temp.resolve("repo");
    return LocalBlobStore.create(root);
  }

  private LocalBlobStore local() {
    return (LocalBlobStore) store;
  }

  @Test
  void createMakesAFolderPerKindWithPackFanOutAndTmp() {
    for (String folder : List.of("keys", "data", "index", "snapshots", "locks", "tmp")) {
      assertThat(root.resolve(folder)).isDirectory();
    }
    assertThat(root.resolve("data/00")).isDirectory();
    assertThat(root.resolve("data/ff")).isDirectory();
    assertThat(root.resolve("config")).as("the config blob's path stays free").doesNotExist();
    assertThat(store.location()).isEqualTo(root.toString());
  }

  @Test
  void aBlobIsTheFileAtItsPath() throws IOException {
    store.putIfAbsent(PACK_3F, new byte[] {1, 2, 3});
    store.putIfAbsent(BlobName.CONFIG, new byte[] {4});

    assertThat(root.resolve("data/3f/" + PACK_3F.name())).hasBinaryContent(new byte[] {1, 2, 3});
    assertThat(Files.readAllBytes(root.resolve("config"))).containsExactly(4);
  }

  @Test
  void filesAreOwnerOnlyAndFoldersToo() throws IOException {
    assumeThat(root.getFileSystem().supportedFileAttributeViews()).contains("posix");
    store.putIfAbsent(PACK_3F, new byte[10]);
    store.putIfAbsent(BlobName.CONFIG, new byte[10]);

    for (Path file : List.of(root.resolve(PACK_3F.path()), root.resolve("config"))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .as("permissions of %s", file)
          .isEqualTo("rw-------");
    }
    for (String folder : List.of("", "keys", "data", "data/3f", "data/00", "locks", "tmp")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(folder))))
          .as("permissions of folder '%s'", folder)
          .isEqualTo("rwx------");
    }
  }

  @Test
  void aMissingFanOutFolderIsCreatedOwnerOnlyByPut() throws IOException {
    Files.delete(root.resolve("data/3f"));
    Files.delete(root.resolve("tmp"));

    assertThat(store.putIfAbsent(PACK_3F, new byte[] {7})).isTrue();

    assertThat(store.get(PACK_3F)).containsExactly(7);
    if (root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(
              PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("data/3f"))))
          .isEqualTo("rwx------");
    }
  }

  @Test
  void putDoesNotRecreateAVanishedRepositoryFolder() throws IOException {
    deleteTree(root); // as when the disk holding it is unmounted

    assertThatThrownBy(() -> store.putIfAbsent(PACK_3F, new byte[1]))
        .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isFalse())
        .hasMessageContaining(PACK_3F.path())
        .hasMessageContaining("the repository folder is gone");
    assertThatThrownBy(() -> store.list(BlobKind.PACK)).isInstanceOf(StorageUnavailable.class);
    assertThat(root).doesNotExist();
  }

  private static void deleteTree(Path folder) throws IOException {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  @Test
  void aStreamedPutThatFailsHalfWayLeavesNoTempFileBehind() throws IOException {
    Random random = new Random(2);
    BlobName name = randomName(BlobKind.PACK, random);
    // More than one buffer of the body reaches the temp file before it ends.
    InputStream body = new ByteArrayInputStream(bytes(random, 3 * 1024 * 1024));

    assertThatThrownBy(() -> store.putIfAbsent(name, body, 4 * 1024 * 1024))
        .isInstanceOf(EOFException.class);

    assertThat(store.streamsPuts()).isTrue();
    try (Stream<Path> left = Files.list(root.resolve("tmp"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void putLeavesNoTempFileBehind() throws IOException {
    Random random = new Random(1);
    for (int i = 0; i < 5; i++) {
      BlobName name = randomName(BlobKind.PACK, random);
      store.putIfAbsent(name, bytes(random, 100));
      store.putIfAbsent(name, bytes(random, 100)); // the losing put cleans up too
    }

    try (Stream<Path> left = Files.list(root.resolve("tmp"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void strayFilesAndTempFilesAreNotListed() throws IOException {
    store.putIfAbsent(PACK_3F, new byte[5]);
    String valid = PACK_3F.name().replace("a1", "b2");
    Path fanOut = root.resolve("data/3f");
    Files.write(fanOut.resolve("README"), new byte[1]);
    Files.write(fanOut.resolve(valid + ".tmp"), new byte[1]);
    Files.write(fanOut.resolve("." + valid + ".Xk93jd"), new byte[1]); // rsync's temp name
    Files.write(fanOut.resolve(valid.toUpperCase(Locale.ROOT)), new byte[1]);
    Files.createDirectory(fanOut.resolve(valid));
    Files.write(root.resolve("data/ab").resolve(valid), new byte[1]); // wrong fan-out folder
    Files.write(root.resolve("data").resolve(valid), new byte[1]); // not fanned out
    Files.createDirectories(root.resolve("data/zz"));
    Files.write(root.resolve("data/zz").resolve(valid), new byte[1]);
    Files.write(root.resolve("keys/notes.txt"), new byte[1]);
    Files.write(root.resolve("tmp").resolve(valid), new byte[1]);

    assertThat(BlobStoreContract.untimed(store.list(BlobKind.PACK)))
        .containsExactly(new BlobInfo(PACK_3F, 5));
    assertThat(store.list(BlobKind.KEY)).isEmpty();
  }

  @Test
  void cleanStaleTempRemovesOnlyOldTempFiles() throws IOException {
    Instant now = Instant.parse("2025-06-01T12:00:00Z");
    Path tmp = root.resolve("tmp");
    Path old = Files.write(tmp.resolve("put-old.tmp"), new byte[10]);
    Path fresh = Files.write(tmp.resolve("put-fresh.tmp"), new byte[10]);
    Path folder = Files.createDirectory(tmp.resolve("some-folder"));
    Files.setLastModifiedTime(old, FileTime.from(now.minus(Duration.ofHours(25))));
    Files.setLastModifiedTime(fresh, FileTime.from(now.minus(Duration.ofHours(23))));
    Files.setLastModifiedTime(folder, FileTime.from(now.minus(Duration.ofDays(30))));
    store.putIfAbsent(PACK_3F, new byte[3]);
    Files.setLastModifiedTime(root.resolve(PACK_3F.path()), FileTime.from(Instant.EPOCH));

    int removed = local().cleanStaleTemp(Duration.ofHours(24), Clock.fixed(now, ZoneOffset.UTC));

    assertThat(removed).isEqualTo(1);
    assertThat(old).doesNotExist();
    assertThat(fresh).exists();
    assertThat(folder).exists();
    assertThat(store.get(PACK_3F)).hasSize(3);
  }

  @Test
  void cleanStaleTempRejectsANegativeAge() {
    assertThatThrownBy(() -> local().cleanStaleTemp(Duration.ofSeconds(-1), Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBlobHalfWrittenByACrashNeverAppearsUnderItsName() throws IOException {
    // What a put that crashed before publishing leaves: a partial temp file, whatever its name.
    Files.write(root.resolve("tmp/put-0123456789abcdef0123456789abcdef.tmp"), new byte[100]);
    Files.write(root.resolve("tmp").resolve(PACK_3F.name()), new byte[100]);

    assertThat(store.stat(PACK_3F)).isEmpty();
    assertThat(store.list(BlobKind.PACK)).isEmpty();
    assertThatThrownBy(() -> store.get(PACK_3F)).isInstanceOf(NoSuchBlob.class);

    assertThat(store.putIfAbsent(PACK_3F, new byte[] {9, 9})).isTrue();
    assertThat(store.get(PACK_3F)).containsExactly(9, 9);
  }

  @Test
  void openSeesWhatAnotherInstanceStored() {
    store.putIfAbsent(PACK_3F, new byte[] {1});

    try (BlobStore reopened = LocalBlobStore.open(root)) {
      assertThat(reopened.get(PACK_3F)).containsExactly(1);
      assertThat(BlobStoreContract.untimed(reopened.list(BlobKind.PACK)))
          .containsExactly(new BlobInfo(PACK_3F, 1));
    }
  }

  @Test
  void openOfAMissingFolderFailsNamingIt() {
    Path missing = temp.resolve("nothing-here");

    assertThatThrownBy(() -> LocalBlobStore.open(missing))
        .isInstanceOf(RepositoryNotFound.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
    assertThat(missing).doesNotExist();
  }

  @Test
  void openOfAFileFailsNamingIt() throws IOException {
    Path file = Files.write(temp.resolve("a-file"), new byte[1]);

    assertThatThrownBy(() -> LocalBlobStore.open(file))
        .isInstanceOf(RepositoryNotFound.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not a folder");
  }

  @Test
  void readingAnEmptyFolderWritesNothingToIt() throws IOException {
    Path bare = Files.createDirectory(temp.resolve("bare"));

    try (BlobStore opened = LocalBlobStore.open(bare)) {
      for (BlobKind kind : BlobKind.values()) {
        assertThat(opened.list(kind)).isEmpty();
      }
      assertThat(opened.stat(PACK_3F)).isEmpty();
      assertThatThrownBy(() -> opened.get(PACK_3F)).isInstanceOf(NoSuchBlob.class);
      opened.delete(PACK_3F);
    }

    try (Stream<Path> entries = Files.list(bare)) {
      assertThat(entries).isEmpty();
    }
  }

  @Test
  void createKeepsExistingBlobs() {
    store.putIfAbsent(PACK_3F, new byte[] {5});

    try (BlobStore again = LocalBlobStore.create(root)) {
      assertThat(again.get(PACK_3F)).containsExactly(5);
    }
  }
}
