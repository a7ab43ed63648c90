package dev.holdfast.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.check.Check;
import dev.holdfast.core.check.CheckOptions;
import dev.holdfast.core.check.CheckResult;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.restore.Restore;
import dev.holdfast.core.restore.RestoreProblem;
import dev.holdfast.core.restore.RestoreProgress;
import dev.holdfast.core.restore.RestoreRequest;
import dev.holdfast.core.restore.RestoreResult;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import dev.holdfast.core.testing.FaultyStore;
import dev.holdfast.core.testing.FaultyStore.Request;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.core.testing.TreeAssertions;
import dev.holdfast.core.testing.TreeGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Backup and restore against storage that fails: a disk that fills up, PUTs and GETs that fail at
 * random. A backup either commits a complete snapshot or fails with {@link StorageUnavailable} and
 * commits nothing; the repository, opened again on the healthy store, checks clean; restore never
 * writes wrong bytes without saying so.
 */
class StorageFaultTest {
  /** An index file after every pack, so that a small backup has many PUTs that can fail. */
  private static final BackupSettings INDEX_EVERY_PACK =
      new BackupSettings(2, 2, 2, 64L * 1024 * 1024, 64, 1);

  @TempDir Path tmp;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4})
  void fullDiskFailsTheBackupClearlyAndWritesNoSnapshot(long seed) throws Exception {
    Path source = source(seed);
    InMemoryBlobStore inner = new InMemoryBlobStore();
    TestRepositories.init(inner).close();
    long puts = putsOfWholeBackup(inner, source);
    long allowed = new Random(seed).nextInt((int) puts);
    System.out.printf("full disk, seed %d: after %d of %d PUTs%n", seed, allowed, puts);
    FaultyStore faulty = new FaultyStore(inner, seed).diskFullAfterPuts(allowed);

    Throwable thrown;
    try (Repository repo = TestRepositories.open(faulty)) {
      thrown = catchThrowable(() -> backup(repo, source, INDEX_EVERY_PACK));
    }

    if (faulty.injected(Request.PUT) == 0) {
      assertThat(thrown)
          .as("seed %d: the disk never filled up, so the backup succeeds", seed)
          .isNull();
      return;
    }
    assertThat(thrown)
        .as("seed %d: the disk is full after %d of %d PUTs", seed, allowed, puts)
        .isInstanceOf(StorageUnavailable.class)
        .hasMessageMatching("writing (data|index|snapshots)/\\S+ to .*: the disk is full");
    assertThat(((StorageUnavailable) thrown).permanent())
        .as("seed %d: a full disk is permanent", seed)
        .isTrue();
    assertThat(inner.list(BlobKind.SNAPSHOT)).as("seed %d: snapshots written", seed).isEmpty();

    try (Repository repo = TestRepositories.open(inner)) {
      checksClean(repo, "seed " + seed + ", after the full disk");
      Snapshot s = backup(repo, source, BackupSettings.forMachine()).snapshot();
      restoresExactly(inner, s, source, "seed " + seed + ", backup after the full disk");
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2})
  void backupAfterAFailedOneInTheSameProcessIsComplete(long seed) throws Exception {
    Path source = source(seed);
    InMemoryBlobStore inner = new InMemoryBlobStore();
    TestRepositories.init(inner).close();
    // The lock and a few packs are stored, then the disk fills up before any index file names
    // them.
    long allowed = 2 + new Random(seed).nextInt(3);
    FaultyStore faulty = new FaultyStore(inner, seed).diskFullAfterPuts(allowed);

    try (Repository repo = TestRepositories.open(faulty)) {
      assertThat(catchThrowable(() -> backup(repo, source, BackupSettings.forMachine())))
          .as("seed %d: backup on a full disk", seed)
          .isInstanceOf(StorageUnavailable.class);
      assertThat(inner.list(BlobKind.PACK)).as("seed %d: packs stored before", seed).isNotEmpty();
      faulty.heal();
      Snapshot s = backup(repo, source, BackupSettings.forMachine()).snapshot();

      try (Repository reopened = TestRepositories.open(inner)) {
        checksClean(reopened, "seed " + seed + ", reopened after the second backup");
      }
      restoresExactly(inner, s, source, "seed " + seed + ", second backup, reopened");
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4})
  void backupsWithFlakyPutsCommitOnlySnapshotsThatRestore(long seed) throws Exception {
    Path source = source(seed);
    InMemoryBlobStore inner = new InMemoryBlobStore();
    TestRepositories.init(inner).close();
    FaultyStore faulty = new FaultyStore(inner, seed).fail(Request.PUT, 0.1);
    Random random = new Random(seed);
    int completed = 0;
    int failed = 0;

    try (Repository repo = TestRepositories.open(faulty)) {
      for (int attempt = 0; attempt < 3; attempt++) {
        String at = "seed " + seed + ", attempt " + attempt;
        byte[] added = new byte[200_000 + random.nextInt(400_000)];
        random.nextBytes(added);
        Files.write(source.resolve("added-" + attempt + ".bin"), added);

        BackupResult[] result = new BackupResult[1];
        Throwable thrown = catchThrowable(() -> result[0] = backup(repo, source, INDEX_EVERY_PACK));
        if (thrown == null) {
          completed++;
          restoresExactly(inner, result[0].snapshot(), source, at);
        } else {
          failed++;
          assertThat(thrown)
              .as("%s: a failed PUT fails the backup with StorageUnavailable", at)
              .isInstanceOf(StorageUnavailable.class)
              .hasMessageContaining("injected fault");
        }
      }
    }
    System.out.printf(
        "flaky PUTs, seed %d: %d backups completed, %d failed, %d of %d PUTs failed%n",
        seed, completed, failed, faulty.injected(Request.PUT), faulty.requests(Request.PUT));

    try (Repository repo = TestRepositories.open(inner)) {
      checksClean(repo, "seed " + seed + ", after flaky PUTs");
      for (Snapshot s : repo.snapshots().list().snapshots()) {
        RestoreResult r =
            new Restore(repo)
                .run(
                    RestoreRequest.of(s, tmp.resolve("verify-" + s.id().toShortHex()))
                        .withVerify(true),
                    new RestoreProgress());
        assertThat(r.problems())
            .as("seed %d: every listed snapshot restores; %s does not", seed, s.id())
            .isEmpty();
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4})
  void restoreWithFlakyGetsReportsOrFailsButNeverWritesWrongBytes(long seed) throws Exception {
    Path source = source(seed);
    InMemoryBlobStore inner = new InMemoryBlobStore();
    Snapshot s;
    try (Repository repo = TestRepositories.init(inner)) {
      s = backup(repo, source, BackupSettings.forMachine()).snapshot();
    }
    FaultyStore faulty = new FaultyStore(inner, seed);
    Path target = tmp.resolve("restored");
    RestoreResult[] result = new RestoreResult[1];
    Throwable thrown;
    try (Repository repo = TestRepositories.open(faulty)) {
      faulty.fail(Request.GET, seed % 2 == 0 ? 0.02 : 0.2);
      thrown =
          catchThrowable(
              () ->
                  result[0] =
                      new Restore(repo).run(RestoreRequest.of(s, target), new RestoreProgress()));
    }
    System.out.printf(
        "flaky GETs, seed %d: %d of %d GETs failed; restore %s%n",
        seed,
        faulty.injected(Request.GET),
        faulty.requests(Request.GET),
        thrown == null ? "completed" : "failed: " + thrown.getMessage());
    if (thrown != null) {
      assertThat(thrown)
          .as("seed %d: restore fails only with the storage failure", seed)
          .isInstanceOf(StorageUnavailable.class)
          .hasMessageContaining("injected fault");
      return;
    }
    Set<String> reported =
        result[0].problems().stream().map(RestoreProblem::path).collect(Collectors.toSet());
    for (Path file : regularFiles(source)) {
      String rel = source.relativize(file).toString();
      if (!reported.contains(rel)) {
        assertThat(Files.mismatch(file, target.resolve(rel)))
            .as("seed %d: %s was not reported, so it is restored exactly", seed, rel)
            .isEqualTo(-1L);
      }
    }
    if (faulty.injected(Request.GET) == 0) {
      TreeAssertions.assertSameTree(source, target, "seed " + seed + ", no GET failed");
    }
  }

  private Path source(long seed) throws IOException {
    Path source = tmp.resolve("source");
    new TreeGenerator(seed).write(source, 3_000_000);
    return source;
  }

  private static BackupResult backup(Repository repo, Path source, BackupSettings settings) {
    BackupResult r =
        new Backup(repo, settings).run(BackupRequest.of("testhost", source), new BackupProgress());
    assertThat(r.problems()).as("backup problems").isEmpty();
    return r;
  }

  /** PUTs that a whole backup of {@code source} makes, counted on a copy of the repository. */
  private static long putsOfWholeBackup(BlobStore healthy, Path source) {
    InMemoryBlobStore copy = new InMemoryBlobStore();
    for (BlobKind kind : BlobKind.values()) {
      for (BlobInfo b : healthy.list(kind)) {
        copy.putIfAbsent(b.name(), healthy.get(b.name()));
      }
    }
    FaultyStore counting = new FaultyStore(copy, 0);
    try (Repository repo = TestRepositories.open(counting)) {
      backup(repo, source, INDEX_EVERY_PACK);
    }
    return counting.requests(Request.PUT);
  }

  private static void checksClean(Repository repo, String ctx) {
    CheckResult check = new Check(repo).run(CheckOptions.allData());
    assertThat(check.errors()).as("%s: check errors", ctx).isEmpty();
    assertThat(check.damagedFiles()).as("%s: damaged files", ctx).isEmpty();
  }

  /** Restores {@code s} through a repository opened afresh on {@code store}, and compares. */
  private void restoresExactly(BlobStore store, Snapshot s, Path source, String ctx)
      throws IOException {
    Path target = tmp.resolve("restore-" + s.id().toShortHex());
    try (Repository repo = TestRepositories.open(store)) {
      RestoreResult r =
          new Restore(repo)
              .run(RestoreRequest.of(s, target).withVerify(true), new RestoreProgress());
      assertThat(r.problems()).as("%s: restore problems", ctx).isEmpty();
    }
    TreeAssertions.assertSameTree(source, target, ctx);
  }

  private static List<Path> regularFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return new ArrayList<>(
          s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList());
    }
  }
}
