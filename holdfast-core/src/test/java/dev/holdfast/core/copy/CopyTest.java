package dev.holdfast.core.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.backup.Backup;
import dev.holdfast.core.backup.BackupProgress;
import dev.holdfast.core.backup.BackupRequest;
import dev.holdfast.core.backup.BackupResult;
import dev.holdfast.core.check.Check;
import dev.holdfast.core.check.CheckOptions;
import dev.holdfast.core.check.CheckResult;
import dev.holdfast.core.chunking.ChunkerParams;
import dev.holdfast.core.content.BlobLocation;
import dev.holdfast.core.content.BlobType;
import dev.holdfast.core.content.Compression;
import dev.holdfast.core.content.IndexFile;
import dev.holdfast.core.content.PackFormat;
import dev.holdfast.core.copy.CopyOutcome.Status;
import dev.holdfast.core.crypto.PackCipher;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.IndexId;
import dev.holdfast.core.id.SnapshotId;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.restore.Restore;
import dev.holdfast.core.restore.RestoreProgress;
import dev.holdfast.core.restore.RestoreRequest;
import dev.holdfast.core.restore.RestoreResult;
import dev.holdfast.core.snapshot.CopiedFrom;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.TreeEntry;
import dev.holdfast.core.snapshot.TreeWalker;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.ForwardingBlobStore;
import dev.holdfast.core.storage.local.LocalBlobStore;
import dev.holdfast.core.testing.CountingStore;
import dev.holdfast.core.testing.FaultyStore;
import dev.holdfast.core.testing.FaultyStore.Request;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.core.testing.TreeAssertions;
import dev.holdfast.core.testing.TreeGenerator;
import dev.holdfast.core.testing.VirtualTime;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToLongBiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CopyTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {3, 2026})
  void copiedSnapshotsRestoreBitExactAndTheDestinationChecksClean(long seed) throws Exception {
    Path data = tmp.resolve("data");
    new TreeGenerator(seed).write(data, 1_500_000);
    try (Repository source = init("source");
        Repository destination = init("destination")) {
      List<Snapshot> taken = new ArrayList<>();
      taken.add(backup(source, data, "first"));
      change(data, new Random(seed));
      taken.add(backup(source, data, "second"));
      change(data, new Random(seed + 1));
      taken.add(backup(source, data, "third"));

      CopyProgress progress = new CopyProgress();
      CopyResult result = new Copy(source, destination).run(new CopyRequest(ids(taken)), progress);

      assertThat(result.snapshots())
          .as("seed %d", seed)
          .extracting(CopyOutcome::status)
          .containsExactly(Status.COPIED, Status.COPIED, Status.COPIED);
      assertThat(result.bytesRead()).isPositive();
      assertThat(progress.snapshotsDone()).isEqualTo(3);
      assertThat(progress.filesDone()).isEqualTo(progress.totalFiles()).isPositive();
      assertThat(progress.bytesDone()).isEqualTo(progress.totalBytes()).isPositive();
      assertThat(result.bytesStored()).isPositive();
      for (int i = 0; i < taken.size(); i++) {
        Snapshot from = taken.get(i);
        Snapshot copy = result.snapshots().get(i).destination().orElseThrow();
        assertSameManifest(from, copy, source);
        Path a = restore(source, from, "from-source-" + i);
        Path b = restore(destination, copy, "from-destination-" + i);
        TreeAssertions.assertSameTree(a, b, "seed " + seed + ", snapshot " + i);
      }
      Snapshot lastCopy = result.snapshots().get(2).destination().orElseThrow();
      TreeAssertions.assertSameTree(data, restore(destination, lastCopy, "latest"), "latest");
      assertThat(result.snapshots().get(1).destination().orElseThrow().parent())
          .as("the parent is the copy of the source's parent")
          .contains(result.snapshots().get(0).destination().orElseThrow().id());

      CheckResult check = new Check(destination).run(CheckOptions.allData());
      assertThat(check.errors()).as("seed %d", seed).isEmpty();
      assertThat(check.snapshots()).isEqualTo(3);
    }
  }

  @Test
  void aSecondCopyCopiesNothing() throws Exception {
    Path data = tmp.resolve("data");
    new TreeGenerator(5).write(data, 600_000);
    try (Repository source = init("source");
        Repository destination = init("destination")) {
      Snapshot s = backup(source, data, "one");
      CopyResult first = copy(source, destination, List.of(s));
      assertThat(first.count(Status.COPIED)).isEqualTo(1);
    }
    try (Repository source = open("source", true);
        Repository destination = open("destination", false)) {
      CountingStore reads = (CountingStore) source.store();
      Snapshot s = source.snapshots().list().snapshots().get(0);
      long packsBefore = destination.store().list(BlobKind.PACK).size();

      CopyResult again = copy(source, destination, List.of(s));

      assertThat(again.snapshots())
          .extracting(CopyOutcome::status)
          .containsExactly(Status.ALREADY_COPIED);
      assertThat(again.snapshots().get(0).destination().orElseThrow().copiedFrom())
          .contains(new CopiedFrom(source.config().repositoryId(), s.id()));
      assertThat(again.bytesRead()).isZero();
      assertThat(again.bytesStored()).isZero();
      assertThat(reads.reads(BlobKind.PACK)).as("nothing read from packs").isEmpty();
      assertThat(destination.snapshots().list().snapshots()).hasSize(1);
      assertThat(destination.store().list(BlobKind.PACK)).hasSize((int) packsBefore);
    }
  }

  @Test
  void anIncrementalCopyReadsOnlyTheChunksThatChanged() throws Exception {
    Path data = tmp.resolve("data");
    new TreeGenerator(8).write(data, 1_000_000);
    byte[] big = new byte[600_000];
    new Random(8).nextBytes(big);
    Files.write(data.resolve("big.bin"), big);
    Snapshot first;
    try (Repository source = init("source");
        Repository destination = init("destination")) {
      first = backup(source, data, "first");
    }
    try (Repository source = open("source", true);
        Repository destination = open("destination", false)) {
      CopyResult r = copy(source, destination, List.of(first));
      assertThat(dataReads(source))
          .as("each distinct chunk is read once, however many files and zero runs use it")
          .isEqualTo(dataChunks(source, first).size())
          .isEqualTo(r.snapshots().get(0).chunksRead());
    }
    big[300_000] ^= 1;
    Files.write(data.resolve("big.bin"), big);
    Files.writeString(data.resolve("added.txt"), "a file that is new in the second snapshot\n");
    Snapshot second;
    try (Repository source = open("source", false)) {
      second = backup(source, data, "second");
    }

    // A new run: the memos start empty, so every translation comes from the first copy.
    try (Repository source = open("source", true);
        Repository destination = open("destination", false)) {
      Set<ChunkId> changed = dataChunks(source, second);
      changed.removeAll(dataChunks(source, first));
      assertThat(changed).as("the change touched a few chunks").hasSizeBetween(2, 5);

      CopyResult r = copy(source, destination, List.of(first, second));

      assertThat(r.snapshots())
          .extracting(CopyOutcome::status)
          .containsExactly(Status.ALREADY_COPIED, Status.COPIED);
      assertThat(dataReads(source)).as("chunks read from the source").isEqualTo(changed.size());
      assertThat(r.snapshots().get(1).chunksRead()).isEqualTo(changed.size());
      Snapshot copy = r.snapshots().get(1).destination().orElseThrow();
      TreeAssertions.assertSameTree(data, restore(destination, copy, "restored"), "second");
    }
  }

  @Test
  void chunksPackedTogetherAreReadInOneRequestPerPackNotOnePerChunk() throws Exception {
    Path data = randomFiles(300, 1000, 3000, 77);
    Snapshot s = backupIntoNewSource(data, "small");
    try (Repository source = open("source", true);
        Repository destination = init("destination")) {
      CopyResult r = copy(source, destination, List.of(s));

      int chunks = dataChunks(source, s).size();
      assertThat(chunks).isEqualTo(300);
      assertThat(r.snapshots().get(0).chunksRead()).isEqualTo(chunks);
      assertThat(dataReads(source)).as("each chunk read once").isEqualTo(chunks);
      Set<String> packs = packsOf(source, s);
      assertThat(dataRequests(source))
          .as("one request per pack holding the files' chunks (%d packs)", packs.size())
          .hasSize(packs.size());
      assertCopyRestoresTo(data, destination, r);
    }
  }

  @Test
  void fromRemoteStorageAPacksHeaderComesWithItsFirstRange() throws Exception {
    Path data = randomFiles(300, 1000, 3000, 79);
    Snapshot s = backupIntoNewSource(data, "small");
    CountingStore remote =
        new CountingStore(
            new ForwardingBlobStore(LocalBlobStore.open(tmp.resolve("source"))) {
              @Override
              public boolean streamsRanges() {
                return true; // as S3 and a repository server: every request a round trip
              }
            });
    try (Repository source = TestRepositories.open(remote);
        Repository destination = init("destination")) {
      remote.reset();
      CopyResult r = copy(source, destination, List.of(s));

      Set<String> packs = packsOf(source, s);
      List<CountingStore.Read> reads =
          remote.reads(BlobKind.PACK).stream()
              .filter(read -> packs.contains(read.name().name()))
              .toList();
      assertThat(reads)
          .as("one request per pack (%d), its header included", packs.size())
          .hasSize(packs.size())
          .allMatch(read -> read.offset() == 0);
      assertCopyRestoresTo(data, destination, r);
    }
  }

  @Test
  void moreDataThanMayBeInFlightIsStillReadInRangesNotChunkByChunk() throws Exception {
    Path data = randomFiles(3, 8 << 20, 0, 78);
    Snapshot s = backupIntoNewSource(data, "big");
    try (Repository source = open("source", true);
        Repository destination = init("destination")) {
      CopyResult r = copy(source, destination, List.of(s));

      int chunks = dataChunks(source, s).size();
      Set<String> packs = packsOf(source, s);
      assertThat(r.snapshots().get(0).chunksRead()).isEqualTo(chunks);
      // The three files were backed up at once, so their chunks are interleaved in the packs: one
      // batch for the whole snapshot reads each pack once, not once per file.
      assertThat(dataReads(source)).as("each chunk read once").isEqualTo(chunks);
      // 24 MiB against 16 MiB allowed in flight: a pack is still read in few ranges, however long
      // the workers take.
      assertThat(dataRequests(source).size())
          .as("%d chunks in %d packs", chunks, packs.size())
          .isLessThanOrEqualTo(3 * packs.size());
      assertCopyRestoresTo(data, destination, r);
    }
  }

  @Test
  void withoutACopiedParentTheNewestCopyOfTheSameSourceIsTheBase() throws Exception {
    Path data = tmp.resolve("data");
    new TreeGenerator(9).write(data, 800_000);
    List<Snapshot> taken = new ArrayList<>();
    try (Repository source = init("source");
        Repository destination = init("destination")) {
      taken.add(backup(source, data, "one"));
      copy(source, destination, List.of(taken.get(0)));
      Files.writeString(data.resolve("two.txt"), "second\n");
      taken.add(backup(source, data, "two"));
      Files.writeString(data.resolve("three.txt"), "third\n");
      taken.add(backup(source, data, "three"));
    }
    try (Repository source = open("source", true);
        Repository destination = open("destination", false)) {
      Set<ChunkId> changed = dataChunks(source, taken.get(2));
      changed.removeAll(dataChunks(source, taken.get(0)));

      CopyResult r = copy(source, destination, List.of(taken.get(2)));

      assertThat(changed).hasSize(2);
      assertThat(dataReads(source)).isEqualTo(2);
      Snapshot copy = r.snapshots().get(0).destination().orElseThrow();
      assertThat(copy.parent()).as("the source's parent was not copied").isEmpty();
      TreeAssertions.assertSameTree(data, restore(destination, copy, "restored"), "third");
    }
  }

  @Test
  void aLearnedTranslationWhoseChunkIsNotIndexedIsReadAgain() throws Exception {
    Path data = tmp.resolve("data");
    new TreeGenerator(10).write(data, 600_000);
    Snapshot first;
    Snapshot second;
    try (Repository source = init("source");
        Repository destination = init("destination")) {
      first = backup(source, data, "first");
      copy(source, destination, List.of(first));
      Files.writeString(data.resolve("added.txt"), "new\n");
      second = backup(source, data, "second");
    }
    // As if prune had dropped the first copy's data chunks (its trees stay): the base still
    // pairs every file, but no paired chunk is in the destination's index.
    try (Repository destination = open("destination", false)) {
      keepOnlyTreesIndexed(destination);
    }
    try (Repository source = open("source", true);
        Repository destination = open("destination", false)) {
      CopyResult r = copy(source, destination, List.of(second));

      assertThat(dataReads(source)).isEqualTo(dataChunks(source, second).size());
      Snapshot copy = r.snapshots().get(0).destination().orElseThrow();
      TreeAssertions.assertSameTree(data, restore(destination, copy, "restored"), "second");
    }
  }

  @Test
  void tinyMemosForgetTranslationsButTheCopyStaysExact() throws Exception {
    Path data = tmp.resolve("data");
    new TreeGenerator(12).write(data, 1_000_000);
    try (Repository source = init("source");
        Repository destination = init("destination")) {
      List<Snapshot> taken = new ArrayList<>();
      taken.add(backup(source, data, "one"));
      change(data, new Random(12));
      taken.add(backup(source, data, "two"));

      CopyResult r =
          new Copy(source, destination, CopySettings.forMachine().withMemos(1, 1))
              .run(new CopyRequest(ids(taken)), new CopyProgress());

      Snapshot copy = r.snapshots().get(1).destination().orElseThrow();
      TreeAssertions.assertSameTree(data, restore(destination, copy, "restored"), "two");
      assertThat(new Check(destination).run(CheckOptions.allData()).errors()).isEmpty();
    }
  }

  @Test
  void identicalSmallFilesDeduplicateAgainstNativeBackupsOfTheDestination() throws Exception {
    Random random = new Random(13);
    Path native1 = Files.createDirectories(tmp.resolve("native"));
    Path copied = Files.createDirectories(tmp.resolve("copied"));
    for (int i = 0; i < 20; i++) {
      byte[] small = new byte[500 + random.nextInt(3000)];
      random.nextBytes(small);
      Files.write(native1.resolve("small-" + i), small);
      Files.write(copied.resolve("small-" + i), small);
    }
    byte[] other = new byte[300_000];
    random.nextBytes(other);
    Files.write(copied.resolve("other.bin"), other);
    try (Repository source = init("source");
        Repository destination = init("destination")) {
      backup(destination, native1, "native");
      Snapshot s = backup(source, copied, "to-copy");
      long before = dataEntries(destination);
      long otherChunks = fileChunks(source, s, "other.bin").size();

      CopyResult r = copy(source, destination, List.of(s));

      assertThat(dataEntries(destination) - before)
          .as("only the chunks of other.bin are new; the 20 small files are stored already")
          .isEqualTo(otherChunks);
      assertThat(r.snapshots().get(0).chunksRead()).isEqualTo(20 + otherChunks);
      Snapshot copy = r.snapshots().get(0).destination().orElseThrow();
      TreeAssertions.assertSameTree(copied, restore(destination, copy, "restored"), "copied");
    }
  }

  @Test
  void aDamagedSourceChunkFailsItsSnapshotNamingThePathAndCommitsNothingOfIt() throws Exception {
    Path damaged = Files.createDirectories(tmp.resolve("damaged"));
    Path intact = Files.createDirectories(tmp.resolve("intact"));
    byte[] big = new byte[400_000];
    new Random(1414).nextBytes(big);
    Files.write(damaged.resolve("big.bin"), big);
    Files.writeString(damaged.resolve("small.txt"), "small\n");
    new TreeGenerator(14).write(intact, 300_000);
    try (Repository source = init("source");
        Repository destination = init("destination")) {
      Snapshot bad = backup(source, damaged, "bad");
      Snapshot good = backup(source, intact, "good");
      ChunkId chunk = fileChunks(source, bad, "big.bin").get(3);
      flipByte(tmp.resolve("source"), source.index().get(chunk).orElseThrow());

      CopyResult r = copy(source, destination, List.of(bad, good));

      CopyOutcome failed = r.snapshots().get(0);
      assertThat(failed.status()).isEqualTo(Status.FAILED);
      assertThat(failed.destination()).isEmpty();
      assertThat(failed.problem().orElseThrow())
          .contains("snapshot " + bad.id().toShortHex(), "/big.bin", chunk.toShortHex())
          .contains("failed authentication");
      assertThat(r.snapshots().get(1).status())
          .as("%s", r.snapshots().get(1).problem())
          .isEqualTo(Status.COPIED);
      assertThat(r.complete()).isFalse();
      assertThat(destination.snapshots().list().snapshots())
          .as("only the intact snapshot is committed")
          .extracting(s -> s.copiedFrom().orElseThrow().snapshot())
          .containsExactly(good.id());
      assertThat(new Check(destination).run(CheckOptions.allData()).errors()).isEmpty();

      CopyResult again = copy(source, destination, List.of(bad, good));
      assertThat(again.snapshots())
          .extracting(CopyOutcome::status)
          .containsExactly(Status.FAILED, Status.ALREADY_COPIED);
    }
  }

  @ParameterizedTest(name = "batch of {0} chunks")
  @ValueSource(ints = {1, 7, 30})
  void manySmallReadBatchesCopyExactlyEachChunkDecodedOnce(int batch) throws Exception {
    Path data = tmp.resolve("data");
    new TreeGenerator(batch).write(data, 1_500_000);
    Snapshot s = backupIntoNewSource(data, "batches");
    try (Repository source = open("source", true);
        Repository destination = init("destination")) {
      int chunks = dataChunks(source, s).size();
      assertThat(chunks).as("several batches").isGreaterThan(3 * batch);

      CopyResult r =
          new Copy(source, destination, CopySettings.forMachine().withReadBatch(batch))
              .run(new CopyRequest(ids(List.of(s))), new CopyProgress());

      assertThat(r.snapshots().get(0).status()).isEqualTo(Status.COPIED);
      assertThat(r.snapshots().get(0).chunksRead()).isEqualTo(chunks);
      assertThat(dataReads(source))
          .as("every chunk read, some through gaps")
          .isGreaterThanOrEqualTo(chunks);
      assertCopyRestoresTo(data, destination, r);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void aSourceWhoseReadsFailNowAndThenIsCopiedExactlyThroughRetries(long seed) throws Exception {
    Path data = tmp.resolve("data");
    new TreeGenerator(seed).write(data, 2_000_000);
    Snapshot s = backupIntoNewSource(data, "flaky");
    // About a quarter of the reads fail before the store, are cut after it, or come back short.
    FaultyStore flaky =
        new FaultyStore(LocalBlobStore.open(tmp.resolve("source")), seed)
            .fail(Request.GET, 0.1)
            .resetAfter(Request.GET, 0.1)
            .truncateReads(0.1);
    try (Repository source = TestRepositories.open(new VirtualTime().retrying(flaky, seed));
        Repository destination = init("destination")) {
      CopyResult r = copy(source, destination, List.of(s));

      assertThat(r.snapshots().get(0).status())
          .as("%s", r.snapshots().get(0).problem())
          .isEqualTo(Status.COPIED);
      assertThat(flaky.injected(Request.GET)).as("faults injected into reads").isPositive();
      assertCopyRestoresTo(data, destination, r);
      assertThat(new Check(destination).run(CheckOptions.allData()).errors()).isEmpty();
    }
  }

  @Test
  void aMissingSourcePackFailsItsSnapshotNamingThePathAndThePack() throws Exception {
    Path data = oneRandomFile(1515);
    try (Repository source = init("source");
        Repository destination = init("destination")) {
      Snapshot s = backup(source, data, "lost");
      String pack = packOfBigBin(source, s);
      Files.delete(sourcePackFile(pack));

      CopyResult r = copy(source, destination, List.of(s));

      assertThat(r.snapshots().get(0).status()).isEqualTo(Status.FAILED);
      assertThat(r.snapshots().get(0).problem().orElseThrow())
          .contains(
              "snapshot " + s.id().toShortHex(),
              "/big.bin",
              pack.substring(0, 8),
              "the pack is missing");
      assertThat(destination.snapshots().list().snapshots()).isEmpty();
    }
  }

  @Test
  void aDamagedPackHeaderReadFromRemoteStorageFailsItsSnapshotNamingThePack() throws Exception {
    Path data = oneRandomFile(1516);
    Snapshot s;
    String pack;
    try (Repository source = init("source")) {
      s = backup(source, data, "damaged");
      pack = packOfBigBin(source, s);
    }
    Path file = sourcePackFile(pack);
    byte[] bytes = Files.readAllBytes(file);
    bytes[0] ^= 0x20;
    Files.delete(file);
    Files.write(file, bytes);
    BlobStore remote =
        new ForwardingBlobStore(LocalBlobStore.open(tmp.resolve("source"))) {
          @Override
          public boolean streamsRanges() {
            return true;
          }
        };
    try (Repository source = TestRepositories.open(remote);
        Repository destination = init("destination")) {
      CopyResult r = copy(source, destination, List.of(s));

      assertThat(r.snapshots().get(0).status()).isEqualTo(Status.FAILED);
      assertThat(r.snapshots().get(0).problem().orElseThrow())
          .contains("/big.bin", pack.substring(0, 8), "does not start with a pack header");
      assertThat(destination.snapshots().list().snapshots()).isEmpty();
    }
  }

  @Test
  void aCopyStoppedByAFullDiskCommitsNothingAndTheNextRunFinishesIt() throws Exception {
    Path data = tmp.resolve("data");
    new TreeGenerator(15).write(data, 1_500_000);
    Snapshot s;
    try (Repository source = init("source");
        Repository destination = init("destination")) {
      s = backup(source, data, "one");
    }
    FaultyStore disk = new FaultyStore(LocalBlobStore.open(tmp.resolve("destination")), 15);
    try (Repository source = open("source", false);
        Repository destination = TestRepositories.open(disk)) {
      disk.diskFullAfterPuts(2);
      assertThatThrownBy(() -> copy(source, destination, List.of(s)))
          .isInstanceOf(StorageUnavailable.class)
          .hasMessageContaining("disk is full");
      assertThat(destination.snapshots().list().snapshots()).isEmpty();
    }
    try (Repository source = open("source", false);
        Repository destination = open("destination", false)) {
      CopyResult r = copy(source, destination, List.of(s));
      Snapshot copy = r.snapshots().get(0).destination().orElseThrow();
      TreeAssertions.assertSameTree(data, restore(destination, copy, "restored"), "resumed");
      CheckResult check = new Check(destination).run(CheckOptions.allData());
      assertThat(check.errors()).isEmpty();
    }
  }

  /**
   * Data chunks keep the payloads the source stored when the destination compresses, and no harder
   * than the source: they are then stored exactly as the source stored them. Otherwise each is
   * stored as the destination's level frames the source chunk's bytes.
   */
  @ParameterizedTest(name = "source level {0}, destination level {1}: kept {2}")
  @CsvSource({"19, 1, true", "3, 1, true", "1, 19, false", "0, 3, false", "3, 0, false"})
  void copiedDataKeepsTheSourcesCompressionUnlessTheDestinationAsksForMore(
      int sourceLevel, int destinationLevel, boolean kept) throws Exception {
    Path data = tmp.resolve("data");
    new TreeGenerator(11).write(data, 1_500_000);
    try (Repository source = init("source", sourceLevel);
        Repository destination = init("destination", destinationLevel)) {
      Snapshot s = backup(source, data, "first");

      CopyResult r = copy(source, destination, List.of(s));

      Map<Long, Long> asStored = dataSizes(source, (id, at) -> at.length());
      Map<Long, Long> anew =
          dataSizes(source, (id, at) -> framedAt(destinationLevel, source, id, at));
      assertThat(anew).as("the levels make a difference on this data").isNotEqualTo(asStored);
      assertThat(dataSizes(destination, (id, at) -> at.length())).isEqualTo(kept ? asStored : anew);
      assertCopyRestoresTo(data, destination, r);
      assertThat(new Check(destination).run(CheckOptions.allData()).errors()).isEmpty();
    }
  }

  /** The stored length of blob {@code id} of {@code repo} if it were framed at {@code level}. */
  private static long framedAt(int level, Repository repo, ChunkId id, BlobLocation at) {
    byte[] plain = repo.packs().read(id, at);
    try (Compression compression = new Compression(level)) {
      return compression.frame(plain, 0, plain.length).len() + PackCipher.TAG_BYTES;
    }
  }

  @Test
  void copyRefusesToCopyARepositoryIntoItself() throws Exception {
    try (Repository repo = init("repo");
        Repository same = TestRepositories.open(LocalBlobStore.open(tmp.resolve("repo")))) {
      assertThatThrownBy(() -> copy(repo, same, List.of()))
          .isInstanceOf(UsageError.class)
          .hasMessageContaining("same repository");
    }
  }

  @Test
  void copyRefusesADestinationWhoseChunksAreSmallerThanTheSources() throws Exception {
    try (Repository source = init("source");
        Repository destination =
            Repository.init(
                LocalBlobStore.create(tmp.resolve("destination")),
                TestRepositories.PASSPHRASE.toCharArray(),
                TestRepositories.options().withChunker(new ChunkerParams(1024, 4096, 32 * 1024)),
                "testhost",
                "tester",
                Clock.systemUTC())) {
      assertThatThrownBy(() -> copy(source, destination, List.of()))
          .isInstanceOf(UsageError.class)
          .hasMessageContaining("--chunk-max 65536");
    }
  }

  // --- helpers

  private Repository init(String name) {
    return TestRepositories.init(LocalBlobStore.create(tmp.resolve(name)));
  }

  private Repository init(String name, int compressionLevel) {
    return Repository.init(
        LocalBlobStore.create(tmp.resolve(name)),
        TestRepositories.PASSPHRASE.toCharArray(),
        TestRepositories.options().withCompressionLevel(compressionLevel),
        "testhost",
        "tester",
        Clock.systemUTC());
  }

  /** How many data blobs of {@code repo} have each {@code size}. */
  private static Map<Long, Long> dataSizes(
      Repository repo, ToLongBiFunction<ChunkId, BlobLocation> size) {
    Map<Long, Long> sizes = new TreeMap<>();
    repo.index()
        .forEach(
            (id, at) -> {
              if (at.type() == BlobType.DATA) {
                sizes.merge(size.applyAsLong(id, at), 1L, Long::sum);
              }
            });
    return sizes;
  }

  /** A folder "data" holding one file, big.bin, of 300,000 random bytes from {@code seed}. */
  private Path oneRandomFile(long seed) throws IOException {
    Path data = Files.createDirectories(tmp.resolve("data"));
    byte[] big = new byte[300_000];
    new Random(seed).nextBytes(big);
    Files.write(data.resolve("big.bin"), big);
    return data;
  }

  /** The pack, in hex, holding the first chunk of big.bin in snapshot {@code s}. */
  private static String packOfBigBin(Repository repo, Snapshot s) {
    return repo.index().get(fileChunks(repo, s, "big.bin").get(0)).orElseThrow().pack().toHex();
  }

  /** The file of pack {@code pack} in the local repository "source". */
  private Path sourcePackFile(String pack) {
    return tmp.resolve("source").resolve("data").resolve(pack.substring(0, 2)).resolve(pack);
  }

  /** Opens an existing repository, its reads counted when {@code counted}. */
  private Repository open(String name, boolean counted) {
    LocalBlobStore store = LocalBlobStore.open(tmp.resolve(name));
    return TestRepositories.open(counted ? new CountingStore(store) : store);
  }

  /** Backs {@code data} up into a new repository "source", closed again. */
  private Snapshot backupIntoNewSource(Path data, String tag) {
    try (Repository source = init("source")) {
      return backup(source, data, tag);
    }
  }

  /** The one snapshot {@code r} copied restores from {@code destination} to {@code data}. */
  private void assertCopyRestoresTo(Path data, Repository destination, CopyResult r)
      throws IOException {
    Snapshot copy = r.snapshots().get(0).destination().orElseThrow();
    TreeAssertions.assertSameTree(data, restore(destination, copy, "r"), "");
  }

  private static Snapshot backup(Repository repo, Path data, String tag) {
    BackupRequest plain = BackupRequest.of("testhost", data);
    BackupRequest request =
        new BackupRequest(
            plain.paths(),
            plain.source(),
            List.of(),
            List.of(tag),
            new TreeMap<>(Map.of("site", "primary")),
            List.of(new dev.holdfast.core.snapshot.AppVersion("shop", "1.4." + tag.length())),
            plain.parent(),
            false,
            java.util.Optional.of(OffsetDateTime.now(Clock.systemUTC())),
            "testhost",
            "tester");
    BackupResult r = new Backup(repo).run(request, new BackupProgress());
    assertThat(r.problems()).isEmpty();
    return r.snapshot();
  }

  private static CopyResult copy(Repository from, Repository to, List<Snapshot> snapshots) {
    return new Copy(from, to).run(new CopyRequest(ids(snapshots)), new CopyProgress());
  }

  private static List<SnapshotId> ids(List<Snapshot> snapshots) {
    return snapshots.stream().map(Snapshot::id).toList();
  }

  private Path restore(Repository repo, Snapshot s, String name) {
    Path target = tmp.resolve("restore-" + name);
    RestoreResult r =
        new Restore(repo).run(RestoreRequest.of(s, target).withVerify(true), new RestoreProgress());
    assertThat(r.problems()).as("restore of %s", s.id()).isEmpty();
    return target;
  }

  private static void assertSameManifest(Snapshot from, Snapshot copy, Repository source) {
    assertThat(copy.id()).isNotEqualTo(from.id());
    assertThat(copy.time()).isEqualTo(from.time());
    assertThat(copy.host()).isEqualTo(from.host());
    assertThat(copy.username()).isEqualTo(from.username());
    assertThat(copy.source()).isEqualTo(from.source());
    assertThat(copy.paths()).isEqualTo(from.paths());
    assertThat(copy.tags()).isEqualTo(from.tags());
    assertThat(copy.labels()).isEqualTo(from.labels());
    assertThat(copy.appVersions()).isEqualTo(from.appVersions());
    assertThat(copy.stats()).isEqualTo(from.stats());
    assertThat(copy.programVersion()).isEqualTo(from.programVersion());
    assertThat(copy.copiedFrom())
        .contains(new CopiedFrom(source.config().repositoryId(), from.id()));
    assertThat(copy.tree()).as("ids differ per repository").isNotEqualTo(from.tree());
  }

  /** Rewrites a few files, adds one and removes one. */
  private static void change(Path data, Random random) throws IOException {
    List<Path> files;
    try (var all = Files.walk(data)) {
      files =
          all.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
              .filter(p -> p.getFileName().toString().endsWith(".dat"))
              .sorted()
              .toList();
    }
    for (int i = 0; i < 3; i++) {
      Path f = files.get(random.nextInt(files.size()));
      byte[] bytes = Files.readAllBytes(f);
      if (bytes.length > 0) {
        bytes[random.nextInt(bytes.length)] ^= 0x5a;
        Files.write(f, bytes);
      }
    }
    Files.writeString(data.resolve("added-" + random.nextInt(1000) + ".txt"), "added\n");
  }

  /** The distinct data chunks the files of {@code s} use. */
  /**
   * {@code count} files of random bytes in a new folder, {@code size} plus up to {@code spread}.
   */
  private Path randomFiles(int count, int size, int spread, long seed) throws IOException {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Random random = new Random(seed);
    for (int i = 0; i < count; i++) {
      byte[] bytes = new byte[size + (spread == 0 ? 0 : random.nextInt(spread))];
      random.nextBytes(bytes);
      Files.write(data.resolve("f" + i + ".bin"), bytes);
    }
    return data;
  }

  /** The packs that hold the data chunks of {@code s}. */
  private static Set<String> packsOf(Repository repo, Snapshot s) {
    Set<String> packs = new HashSet<>();
    for (ChunkId c : dataChunks(repo, s)) {
      packs.add(repo.index().get(c).orElseThrow().pack().toHex());
    }
    return packs;
  }

  private static Set<ChunkId> dataChunks(Repository repo, Snapshot s) {
    Set<ChunkId> ids = new HashSet<>();
    new TreeWalker(repo.trees())
        .walk(
            s.tree(),
            (path, e) -> {
              if (e instanceof TreeEntry.File f) {
                ids.addAll(f.content());
              }
              return true;
            });
    return ids;
  }

  private static List<ChunkId> fileChunks(Repository repo, Snapshot s, String path) {
    return ((TreeEntry.File) new TreeWalker(repo.trees()).find(s.tree(), path).orElseThrow())
        .content();
  }

  /**
   * Data blobs read from the (counted) store of {@code repo}: each blob inside a ranged read of its
   * pack counts once per read.
   */
  private static long dataReads(Repository repo) {
    Map<String, List<BlobLocation>> dataBlobs = new HashMap<>();
    repo.index()
        .forEach(
            (id, at) -> {
              if (at.type() == BlobType.DATA) {
                dataBlobs.computeIfAbsent(at.pack().toHex(), p -> new ArrayList<>()).add(at);
              }
            });
    return dataRequests(repo).stream()
        .mapToLong(
            r ->
                dataBlobs.getOrDefault(r.name().name(), List.of()).stream()
                    .filter(
                        at ->
                            at.offset() >= r.offset()
                                && at.offset() + at.length() <= r.offset() + r.length())
                    .count())
        .sum();
  }

  /** The ranged reads of {@code repo}'s (counted) store that cover at least one data blob. */
  private static List<CountingStore.Read> dataRequests(Repository repo) {
    Set<String> dataPacks = new HashSet<>();
    repo.index()
        .forEach(
            (id, at) -> {
              if (at.type() == BlobType.DATA) {
                dataPacks.add(at.pack().toHex());
              }
            });
    return ((CountingStore) repo.store())
        .reads(BlobKind.PACK).stream()
            .filter(r -> r.offset() >= PackFormat.HEADER_BYTES)
            .filter(r -> dataPacks.contains(r.name().name()))
            .toList();
  }

  private static long dataEntries(Repository repo) {
    long[] n = {0};
    repo.index().forEach((id, at) -> n[0] += at.type() == BlobType.DATA ? 1 : 0);
    return n[0];
  }

  private static void flipByte(Path repoDir, BlobLocation at) throws IOException {
    String hex = at.pack().toHex();
    Path pack = repoDir.resolve("data").resolve(hex.substring(0, 2)).resolve(hex);
    try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
      long offset = at.offset() + at.length() / 2;
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ 0x01);
    }
  }

  /** Replaces every index file by one naming only the trees. */
  private static void keepOnlyTreesIndexed(Repository repo) {
    List<IndexFile.Entry> trees = new ArrayList<>();
    for (IndexId id : repo.indexFiles()) {
      for (IndexFile.Entry e : repo.readIndexFile(id).entries()) {
        if (e.location().type() == BlobType.TREE) {
          trees.add(e);
        }
      }
    }
    BlobName name = new BlobName(BlobKind.INDEX, IndexId.random(repo.random()).toHex());
    byte[] plain = new IndexFile(List.of(), trees).encode();
    repo.store().putIfAbsent(name, repo.key().objectSealer().seal(name.path(), plain));
    for (IndexId id : repo.indexFiles()) {
      repo.store().delete(new BlobName(BlobKind.INDEX, id.toHex()));
    }
  }
}
