package dev.holdfast.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.backup.Backup;
import dev.holdfast.core.backup.BackupProgress;
import dev.holdfast.core.backup.BackupRequest;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.restore.Restore;
import dev.holdfast.core.restore.RestoreProgress;
import dev.holdfast.core.restore.RestoreRequest;
import dev.holdfast.core.restore.RestoreResult;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.local.LocalBlobStore;
import dev.holdfast.core.testing.TestRepositories;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckFindsDamageTest {
  private static final FileTime SOURCE_TIME = FileTime.from(Instant.parse("2020-01-02T03:04:05Z"));

  @TempDir Path tmp;
  Path repoDir;
  Path source;
  Snapshot first;
  Snapshot second;

  @BeforeEach
  void backUpTwoFolders() throws Exception {
    repoDir = tmp.resolve("repo");
    source = tmp.resolve("source");
    Files.createDirectories(source.resolve("sub"));
    Random r = new Random(3);
    for (int i = 0; i < 6; i++) {
      byte[] b = new byte[150_000 + r.nextInt(100_000)];
      r.nextBytes(b);
      Path file = source.resolve("sub/file-" + i + ".bin");
      Files.write(file, b);
      Files.setLastModifiedTime(file, SOURCE_TIME);
    }
    try (Repository repo = TestRepositories.init(LocalBlobStore.create(repoDir))) {
      first = new Backup(repo).run(BackupRequest.of("h", source), new BackupProgress()).snapshot();
      Files.writeString(source.resolve("later.txt"), "added later");
      Files.setLastModifiedTime(source.resolve("later.txt"), SOURCE_TIME);
      second = new Backup(repo).run(BackupRequest.of("h", source), new BackupProgress()).snapshot();
    }
  }

  private static FileTime mtime(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Repository open() {
    return TestRepositories.open(LocalBlobStore.open(repoDir));
  }

  @Test
  void intactRepositoryChecksClean() {
    try (Repository repo = open()) {
      CheckResult r = new Check(repo).run(CheckOptions.allData());
      assertThat(r.errors()).isEmpty();
      assertThat(r.warnings()).isEmpty();
      assertThat(r.packsRead()).isEqualTo(r.packs()).isPositive();
      assertThat(r.blobsRead()).isEqualTo(repo.index().size());
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void readDataFindsAnyFlippedByteInAnyPackAndNamesTheSnapshotsAndFiles(long seed)
      throws Exception {
    Random r = new Random(seed);
    List<BlobInfo> packs;
    try (Repository repo = open()) {
      packs = repo.store().list(BlobKind.PACK);
    }
    BlobInfo victim = packs.get(r.nextInt(packs.size()));
    long position = (long) (r.nextDouble() * victim.size());
    flip(repoDir.resolve(victim.name().path()), position);
    try (Repository repo = open()) {
      CheckResult full = new Check(repo).run(CheckOptions.allData());
      assertThat(full.ok()).as("seed %d, pack %s byte %d", seed, victim.name(), position).isFalse();
      assertThat(String.join("\n", full.errors())).contains(victim.name().name().substring(0, 8));
      boolean inBlob = !full.damagedFiles().isEmpty();
      if (inBlob) {
        assertThat(full.damagedFiles())
            .allSatisfy(
                d -> {
                  assertThat(List.of(first.id().toHex(), second.id().toHex()))
                      .contains(d.snapshot());
                  assertThat(d.path()).matches("(/sub/file-\\d\\.bin|/later\\.txt|/sub/|/)");
                });
      }
    }
  }

  @Test
  void restoreOfADamagedFileReportsItAndRestoresTheRest() throws Exception {
    try (Repository repo = open()) {
      BlobInfo pack =
          repo.store().list(BlobKind.PACK).stream()
              .filter(
                  p ->
                      repo.index()
                          .packs()
                          .contains(dev.holdfast.core.id.PackId.fromHex(p.name().name())))
              .max(java.util.Comparator.comparingLong(BlobInfo::size))
              .orElseThrow();
      flip(repoDir.resolve(pack.name().path()), 200);
    }
    try (Repository repo = open()) {
      RestoreProgress progress = new RestoreProgress();
      RestoreResult result =
          new Restore(repo).run(RestoreRequest.of(second, tmp.resolve("out")), progress);
      assertThat(result.problems()).isNotEmpty();
      assertThat(result.problems().get(0).message()).contains("failed authentication");
      assertThat(Files.readString(tmp.resolve("out/later.txt"))).isEqualTo("added later");
      assertThat(progress.filesDone()).isEqualTo(progress.totalFiles()).isEqualTo(7);
      // The intact files get the snapshot's time; a damaged one keeps the time of its restore, so
      // that a later restore with --overwrite if-changed does not take it for the snapshot's.
      Path damaged = tmp.resolve("out").resolve(result.problems().get(0).path());
      assertThat(Files.size(damaged))
          .isEqualTo(Files.size(source.resolve(result.problems().get(0).path())));
      assertThat(Files.getLastModifiedTime(damaged)).isNotEqualTo(SOURCE_TIME);
      assertThat(Files.getLastModifiedTime(tmp.resolve("out/later.txt"))).isEqualTo(SOURCE_TIME);
      try (var restored = Files.list(tmp.resolve("out/sub"))) {
        assertThat(restored.filter(p -> !p.equals(damaged)).map(CheckFindsDamageTest::mtime))
            .hasSize(5)
            .containsOnly(SOURCE_TIME);
      }
    }
  }

  @Test
  void missingPackIsFoundByStructureCheck() throws Exception {
    try (Repository repo = open()) {
      BlobInfo pack = repo.store().list(BlobKind.PACK).get(0);
      repo.store().delete(pack.name());
      CheckResult r = new Check(repo).run(CheckOptions.structure());
      assertThat(r.errors()).anyMatch(e -> e.contains("missing from storage"));
      assertThat(r.damagedFiles()).isNotEmpty();
    }
  }

  @Test
  void damagedSnapshotManifestIsReportedNotHidden() throws Exception {
    flip(repoDir.resolve("snapshots/" + first.id().toHex()), 40);
    try (Repository repo = open()) {
      assertThat(repo.snapshots().list().snapshots())
          .extracting(Snapshot::id)
          .containsExactly(second.id());
      CheckResult r = new Check(repo).run(CheckOptions.structure());
      assertThat(r.errors()).anyMatch(e -> e.contains("snapshot " + first.id().toShortHex()));
    }
  }

  @Test
  void aManifestDamagedAfterItWasCachedIsStillReportedByCheck() throws Exception {
    Path cache = tmp.resolve("cache");
    try (Repository repo = open()) {
      repo.cacheSnapshotsIn(cache, warning -> {});
      assertThat(repo.snapshots().list().snapshots()).hasSize(2);
    }
    flip(repoDir.resolve("snapshots/" + first.id().toHex()), 40);
    try (Repository repo = open()) {
      repo.cacheSnapshotsIn(cache, warning -> {});
      // The listing trusts the cached, authenticated copy of a name storage still holds ...
      assertThat(repo.snapshots().list().snapshots()).hasSize(2);
      // ... and check reads every manifest from storage.
      CheckResult r = new Check(repo).run(CheckOptions.structure());
      assertThat(r.errors()).anyMatch(e -> e.contains("snapshot " + first.id().toShortHex()));
    }
  }

  @Test
  void damagedIndexFileIsReported() throws Exception {
    Path index;
    try (Repository repo = open()) {
      index = repoDir.resolve(repo.store().list(BlobKind.INDEX).get(0).name().path());
    }
    flip(index, 60);
    try (Repository repo = open()) {
      CheckResult r = new Check(repo).run(CheckOptions.structure());
      assertThat(r.errors())
          .anyMatch(e -> e.contains("index file") && e.contains("failed authentication"));
    }
  }

  @Test
  void subsetReadsOnlyPartOfThePacks() {
    try (Repository repo = open()) {
      CheckResult r = new Check(repo).run(new CheckOptions(true, 10, 99));
      assertThat(r.packsRead()).isGreaterThanOrEqualTo(1).isLessThan(r.packs());
    }
  }

  @Test
  void truncatedPackIsReportedAsDamageAndTheNextBackupStillSucceeds() throws Exception {
    try (Repository repo = open()) {
      for (BlobInfo pack : repo.store().list(BlobKind.PACK)) {
        try (RandomAccessFile f =
            new RandomAccessFile(repoDir.resolve(pack.name().path()).toFile(), "rw")) {
          f.setLength(100);
        }
      }
    }
    try (Repository repo = open()) {
      CheckResult r = new Check(repo).run(CheckOptions.allData());
      assertThat(r.ok()).isFalse();
      assertThat(r.damagedFiles()).isNotEmpty();
    }
    try (Repository repo = open()) {
      // the parent's trees are unreadable: the backup reads everything again, and succeeds
      Snapshot third =
          new Backup(repo).run(BackupRequest.of("h", source), new BackupProgress()).snapshot();
      assertThat(third.stats().filesUnchanged()).isZero();
    }
  }

  static void flip(Path file, long position) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(position);
      int b = f.read();
      f.seek(position);
      f.write(b ^ 0x20);
    }
  }
}
