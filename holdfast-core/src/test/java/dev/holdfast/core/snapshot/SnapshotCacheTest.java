package dev.holdfast.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import dev.holdfast.core.testing.CountingStore;
import dev.holdfast.core.testing.SnapshotHistories;
import dev.holdfast.core.testing.TestRepositories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The snapshot cache: listings equal storage's whatever the cache holds, a warm cache reads no
 * manifest, and a damaged or foreign cache is refused and rebuilt. Each "process" is a repository
 * handle of its own on the same storage, as separate processes have.
 */
class SnapshotCacheTest {
  private static final int COUNT = 30;

  @TempDir Path tmp;

  private final InMemoryBlobStore memory = new InMemoryBlobStore();
  private final Queue<String> warnings = new ConcurrentLinkedQueue<>();
  private Path cacheRoot;
  private List<Snapshot> stored;

  @BeforeEach
  void storeAHistory() {
    cacheRoot = tmp.resolve("cache");
    stored = history(TestRepositories.init(memory), COUNT, 0);
  }

  @Test
  void aWarmCacheListsEverySnapshotWithoutReadingAManifest() {
    Handle first = process();
    assertThat(first.list()).containsExactlyElementsOf(stored);
    assertThat(first.manifestReads()).isEqualTo(COUNT);
    assertThat(cacheFile()).exists();

    Handle second = process();
    assertThat(second.list()).containsExactlyElementsOf(stored);
    assertThat(second.manifestReads()).isZero();
    assertThat(warnings).isEmpty();
  }

  @Test
  void aSnapshotWrittenByAnotherProcessIsListedAndOnlyItIsRead() {
    process().list();
    Repository other = TestRepositories.open(memory);
    Snapshot added = history(other, 1, COUNT).get(0);

    Handle next = process();
    List<Snapshot> expected = new ArrayList<>(stored);
    expected.add(added);
    assertThat(next.list()).containsExactlyElementsOf(expected);
    assertThat(next.manifestReads()).isEqualTo(1);
    Handle after = process();
    assertThat(after.list()).containsExactlyElementsOf(expected);
    assertThat(after.manifestReads()).isZero();
  }

  @Test
  void aSnapshotForgottenByAnotherProcessIsNoLongerListedNorCached() {
    process().list();
    Snapshot forgotten = stored.get(7);
    TestRepositories.open(memory).snapshots().delete(forgotten.id());

    Handle next = process();
    List<Snapshot> expected = new ArrayList<>(stored);
    expected.remove(forgotten);
    assertThat(next.list()).containsExactlyElementsOf(expected);
    assertThat(next.manifestReads()).isZero();
    assertThat(next.repo.snapshots().list().snapshots()).containsExactlyElementsOf(expected);
    assertThat(cached(next)).doesNotContain(forgotten).hasSize(COUNT - 1);
  }

  @ParameterizedTest(name = "byte {0} of the file flipped")
  @ValueSource(ints = {0, 3, 5, 6, 40, 100, -1})
  void aTamperedCacheIsRefusedWithAWarningAndRebuilt(int position) throws Exception {
    process().list();
    byte[] file = Files.readAllBytes(cacheFile());
    int at = position < 0 ? file.length - 1 : position;
    file[at] ^= 0x01;
    Files.write(cacheFile(), file);

    Handle next = process();
    assertThat(next.list()).as("byte %d", at).containsExactlyElementsOf(stored);
    assertThat(next.manifestReads()).as("byte %d", at).isEqualTo(COUNT);
    assertThat(warnings)
        .as("byte %d", at)
        .singleElement()
        .asString()
        .contains("ignored the snapshot cache", cacheFile().toString());
    Handle after = process();
    assertThat(after.list()).containsExactlyElementsOf(stored);
    assertThat(after.manifestReads()).isZero();
  }

  @Test
  void aTruncatedOrEmptyCacheIsRefusedAndRebuilt() throws Exception {
    process().list();
    byte[] file = Files.readAllBytes(cacheFile());
    for (int length : new int[] {0, 3, 5, 60, file.length - 1}) {
      Files.write(cacheFile(), java.util.Arrays.copyOf(file, length));
      warnings.clear();
      Handle next = process();
      assertThat(next.list()).as("%d bytes", length).containsExactlyElementsOf(stored);
      assertThat(next.manifestReads()).as("%d bytes", length).isEqualTo(COUNT);
      assertThat(warnings).as("%d bytes", length).hasSize(1);
    }
  }

  @Test
  void aCacheOfAnotherFormatVersionIsRebuiltWithoutAWarning() throws Exception {
    process().list();
    byte[] file = Files.readAllBytes(cacheFile());
    file[4] = (byte) (SnapshotCacheCodec.VERSION + 1);
    Files.write(cacheFile(), file);

    Handle next = process();
    assertThat(next.list()).containsExactlyElementsOf(stored);
    assertThat(next.manifestReads()).isEqualTo(COUNT);
    assertThat(warnings).isEmpty();
    assertThat(Files.readAllBytes(cacheFile())[4]).isEqualTo((byte) SnapshotCacheCodec.VERSION);
  }

  @Test
  void theCacheOfOneRepositoryIsNeverUsedForAnother() throws Exception {
    InMemoryBlobStore otherMemory = new InMemoryBlobStore();
    List<Snapshot> otherStored = history(TestRepositories.init(otherMemory), 5, 100);
    process().list();
    Repository other = TestRepositories.open(otherMemory);
    other.cacheSnapshotsIn(cacheRoot, warnings::add);
    assertThat(other.snapshots().list().snapshots()).containsExactlyElementsOf(otherStored);
    Path otherFile = cacheRoot.resolve(other.config().repositoryId()).resolve("snapshots");
    assertThat(otherFile).exists().isNotEqualTo(cacheFile());

    // Even put in its place, the first repository's cache does not open for the second.
    Files.copy(cacheFile(), otherFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    CountingStore counting = new CountingStore(otherMemory);
    Repository again = TestRepositories.open(counting);
    again.cacheSnapshotsIn(cacheRoot, warnings::add);
    assertThat(again.snapshots().list().snapshots()).containsExactlyElementsOf(otherStored);
    assertThat(counting.reads(BlobKind.SNAPSHOT)).hasSize(5);
    assertThat(warnings).singleElement().asString().contains("failed authentication");
  }

  @Test
  void aManifestWhoseSizeChangedIsReadAgainAndItsDamageReported() {
    process().list();
    Snapshot victim = stored.get(3);
    BlobName name = new BlobName(BlobKind.SNAPSHOT, victim.id().toHex());
    memory.delete(name);
    memory.putIfAbsent(name, new byte[100]);

    Handle next = process();
    SnapshotStore.Listing listing = next.repo.snapshots().list();
    assertThat(listing.snapshots()).doesNotContain(victim).hasSize(COUNT - 1);
    assertThat(listing.unreadable())
        .singleElement()
        .extracting(Throwable::getMessage)
        .asString()
        .contains(victim.id().toShortHex());
  }

  @Test
  void cacheFoldersAndFileAreReadableByTheirOwnerOnly() throws Exception {
    assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
    process().list();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheRoot)))
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheFile().getParent())))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheFile())))
        .isEqualTo("rw-------");
    assertThat(cacheRoot.resolve("CACHEDIR.TAG"))
        .content()
        .startsWith("Signature: 8a477f597d28d172789f06886806bc55");
    try (var files = Files.list(cacheFile().getParent())) {
      assertThat(files).containsExactly(cacheFile()); // no temporary file left behind
    }
  }

  @Test
  void anUnwritableCacheWarnsAndTheListingStillComesFromStorage() throws Exception {
    Files.writeString(tmp.resolve("not-a-folder"), "x");
    cacheRoot = tmp.resolve("not-a-folder");

    Handle p = process();
    assertThat(p.list()).containsExactlyElementsOf(stored);
    assertThat(warnings)
        .anyMatch(w -> w.startsWith("cannot write the snapshot cache"))
        .allMatch(w -> w.contains(cacheRoot.toString()));
  }

  @Test
  void withoutACacheEveryListingReadsEveryManifestAndWritesNothing() {
    CountingStore counting = new CountingStore(memory);
    Repository repo = TestRepositories.open(counting);
    assertThat(repo.snapshots().list().snapshots()).containsExactlyElementsOf(stored);
    assertThat(repo.snapshots().list().snapshots()).containsExactlyElementsOf(stored);
    assertThat(counting.reads(BlobKind.SNAPSHOT)).hasSize(2 * COUNT);
    assertThat(cacheRoot).doesNotExist();
  }

  /** A repository handle of its own, with the cache, counting its manifest reads. */
  private Handle process() {
    CountingStore counting = new CountingStore(memory);
    Repository repo = TestRepositories.open(counting);
    repo.cacheSnapshotsIn(cacheRoot, warnings::add);
    return new Handle(repo, counting);
  }

  private record Handle(Repository repo, CountingStore counting) {
    /** Lists once and returns the snapshots, counting only this listing's reads. */
    List<Snapshot> list() {
      counting.reset();
      return repo.snapshots().list().snapshots();
    }

    int manifestReads() {
      return counting.reads(BlobKind.SNAPSHOT).size();
    }
  }

  private Path cacheFile() {
    String id = TestRepositories.open(memory).config().repositoryId();
    return cacheRoot.resolve(id).resolve(SnapshotCache.FILE_NAME);
  }

  private List<Snapshot> cached(Handle p) {
    SnapshotCache cache =
        new SnapshotCache(
            cacheRoot, p.repo.config().repositoryId(), p.repo.key().cacheSealer(), warnings::add);
    return cache.read().values().stream().map(SnapshotCache.Entry::snapshot).toList();
  }

  /** {@code count} snapshots an hour apart from hour {@code from}, oldest first. */
  private static List<Snapshot> history(Repository repo, int count, int from) {
    ChunkId root = SnapshotHistories.emptyTree(repo);
    OffsetDateTime t = OffsetDateTime.parse("2026-01-01T00:00:00Z");
    List<Snapshot> result = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      result.add(
          SnapshotHistories.store(
              repo, root, SnapshotHistories.snapshot(i, t.plusHours(i), "h", "src", List.of())));
    }
    return result;
  }
}
