package dev.holdfast.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.check.Check;
import dev.holdfast.core.check.CheckOptions;
import dev.holdfast.core.check.CheckResult;
import dev.holdfast.core.crypto.KdfParams;
import dev.holdfast.core.id.SnapshotId;
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
import dev.holdfast.core.storage.RetryingBlobStore;
import dev.holdfast.core.storage.local.LocalBlobStore;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import dev.holdfast.core.testing.FaultyStore;
import dev.holdfast.core.testing.FaultyStore.Request;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.core.testing.TreeAssertions;
import dev.holdfast.core.testing.TreeGenerator;
import dev.holdfast.core.testing.VirtualTime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Backup, restore and check against storage that fails (docs/DESIGN.md, "Retries").
 *
 * <p>Through the retry layer, faults on every request class (failures before the store, resets
 * after a put landed, truncated reads) are ridden through: backups complete, restore is bit-exact,
 * {@code check --read-data} is clean. Without it, a backup either commits a complete snapshot or
 * fails with a clear {@link StorageUnavailable}; every snapshot that exists restores exactly, the
 * repository checks clean once storage heals, and the next backup succeeds. Every seed is in the
 * test's name and its messages.
 */
class StorageFaultTest {
  /** An index file after every pack, so that a small backup has many PUTs that can fail. */
  private static final BackupSettings INDEX_EVERY_PACK =
      new BackupSettings(2, 2, 2, 64L * 1024 * 1024, 64, 1);

  /**
   * Seeds 1 to N for the randomized fault tests: 6 by default, more in the soak profile ({@code
   * -Dholdfast.faults.seeds=50}); a failure names its seed.
   */
  static LongStream seeds() {
    return LongStream.rangeClosed(1, Long.getLong("holdfast.faults.seeds", 6));
  }

  /** Backups per run of the retry test, each with a parent, so that trees are read too. */
  private static final int BACKUPS = 4;

  @TempDir Path tmp;

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void withRetriesBackupRestoreAndCheckRideThroughFaultsOnEveryRequestClass(long seed)
      throws Exception {
    String ctx = "seed " + seed;
    Path source = source(seed);
    BlobStore backend =
        seed % 2 == 0 ? LocalBlobStore.create(tmp.resolve("repo")) : new InMemoryBlobStore();
    // Each fault kind at 10%: about one write in five fails, one read in four.
    FaultyStore faulty =
        new FaultyStore(backend, seed).failEverything(0.1).latency(Duration.ofMillis(1));
    RetryingBlobStore store = new VirtualTime().retrying(faulty, seed);

    Random random = new Random(seed);
    TestRepositories.init(store).close();
    Snapshot last = null;
    // Each backup opens the repository anew, as each CLI command does.
    for (int round = 0; round < BACKUPS; round++) {
      addFile(source, "added-" + round + ".bin", random);
      try (Repository repo = TestRepositories.open(store)) {
        last = backup(repo, source, INDEX_EVERY_PACK).snapshot();
      }
    }
    try (Repository repo = TestRepositories.open(store)) {
      // A new key slot is stored and the old one deleted: puts and deletes of the key ring.
      repo.changePassphrase(
          TestRepositories.PASSPHRASE.toCharArray(), KdfParams.forTests(), "testhost", "tester");
    }
    try (Repository repo = TestRepositories.open(store)) {
      restoresExactly(repo, last, source, ctx);
      CheckResult check = new Check(repo).run(CheckOptions.allData());
      assertThat(check.errors()).as("%s: check errors", ctx).isEmpty();
      assertThat(check.warnings()).as("%s: nothing was left behind", ctx).isEmpty();
      assertThat(repo.snapshots().list().snapshots()).as("%s: snapshots", ctx).hasSize(BACKUPS);
    }

    long requests = 0;
    StringBuilder counts = new StringBuilder();
    for (Request r : Request.values()) {
      requests += faulty.requests(r);
      counts.append(String.format(" %s %d/%d", r, faulty.injected(r), faulty.requests(r)));
    }
    System.out.printf(
        "with retries, %s: %d of %d requests failed, each retried or read again (%s; %d streams"
            + " cut)%n",
        ctx, faulty.injected(), requests, counts.toString().trim(), faulty.streamsCut());
    // Every request class ran under faults; stats and deletes are few (init, the key ring), so
    // whether one of them failed is chance; reads are many, so some failed for sure.
    for (Request r : Request.values()) {
      assertThat(faulty.requests(r)).as("%s: %s requests", ctx, r).isPositive();
    }
    assertThat(faulty.injected(Request.GET)).as("%s: faults injected into reads", ctx).isPositive();
    assertThat((double) faulty.injected() / requests)
        .as("%s: share of requests that failed", ctx)
        .isBetween(0.15, 0.35);
    // A stream cut part-way is not the retry layer's to retry: restore reads those blobs again.
    assertThat(store.retries())
        .as("%s: every fault but the %d cut streams was retried", ctx, faulty.streamsCut())
        .isEqualTo(faulty.injected() - faulty.streamsCut());
  }

  @ParameterizedTest(name = "lost answer to a put of {0}")
  @EnumSource(
      value = BlobKind.class,
      names = {"CONFIG", "KEY", "LOCK", "PACK", "INDEX", "SNAPSHOT"})
  void everyWriterAcceptsItsOwnBlobFoundByTheRetryAfterALostAnswer(BlobKind kind) throws Exception {
    Path source = source(7);
    InMemoryBlobStore inner = new InMemoryBlobStore();
    FaultyStore faulty = new FaultyStore(inner, 7).loseAnswerOfNextPut(kind);
    RetryingBlobStore store = new VirtualTime().retrying(faulty, 7);

    Snapshot s;
    try (Repository repo = TestRepositories.init(store)) {
      s = backup(repo, source, INDEX_EVERY_PACK).snapshot();
    }

    assertThat(faulty.injected(Request.PUT)).as("%s: the answer was lost", kind).isEqualTo(1);
    assertThat(store.retries()).isEqualTo(1);
    assertThat(inner.list(BlobKind.KEY)).as("%s: key slots", kind).hasSize(1);
    assertThat(inner.list(BlobKind.SNAPSHOT)).as("%s: snapshots", kind).hasSize(1);
    assertThat(inner.list(BlobKind.LOCK)).as("%s: locks left behind", kind).isEmpty();
    try (Repository repo = TestRepositories.open(inner)) {
      checksClean(repo, kind.toString());
      restoresExactly(repo, s, source, kind.toString());
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void withoutRetriesBackupsCompleteOrFailCleanlyAndEverySnapshotThatExistsRestores(long seed)
      throws Exception {
    Path source = source(seed);
    InMemoryBlobStore inner = new InMemoryBlobStore();
    TestRepositories.init(inner).close();
    FaultyStore faulty = new FaultyStore(inner, seed);
    Random random = new Random(seed);
    Set<SnapshotId> verified = new HashSet<>();
    int completed = 0;
    int failed = 0;

    // One repository object for every attempt: what a failed backup leaves in memory must not
    // spoil the next one.
    try (Repository repo = TestRepositories.open(faulty)) {
      for (int attempt = 0; attempt < 4; attempt++) {
        String at = "seed " + seed + ", attempt " + attempt;
        addFile(source, "added-" + attempt + ".bin", random);
        double p = 0.01 + 0.05 * random.nextDouble();
        faulty.failEverything(p);
        long injectedBefore = faulty.injected();
        long requestsBefore = requests(faulty);

        Throwable thrown = catchThrowable(() -> backup(repo, source, INDEX_EVERY_PACK));
        faulty.heal();
        System.out.printf(
            "without retries, %s: faults at %.3f, %d requests, %s%n",
            at,
            p,
            requests(faulty) - requestsBefore,
            thrown == null ? "completed" : "failed: " + thrown.getMessage());

        if (thrown == null) {
          completed++;
        } else {
          failed++;
          assertThat(thrown)
              .as("%s: a storage fault fails the backup with StorageUnavailable", at)
              .isInstanceOf(StorageUnavailable.class)
              .hasMessageContaining("injected");
          assertThat(faulty.injected()).as("%s: faults injected", at).isGreaterThan(injectedBefore);
        }
        // A backup that failed on the answer to its manifest's put has committed all the same.
        try (Repository healthy = TestRepositories.open(inner)) {
          for (Snapshot s : healthy.snapshots().list().snapshots()) {
            if (verified.add(s.id())) {
              restoresExactly(healthy, s, source, at + ", snapshot " + s.id().toShortHex());
            }
          }
        }
      }
      System.out.printf(
          "without retries, seed %d: %d backups completed, %d failed; %d faults injected%n",
          seed, completed, failed, faulty.injected());

      Snapshot next = backup(repo, source, INDEX_EVERY_PACK).snapshot();
      try (Repository healthy = TestRepositories.open(inner)) {
        checksClean(healthy, "seed " + seed + ", healed");
        restoresExactly(healthy, next, source, "seed " + seed + ", the backup after healing");
      }
    }
  }

  @Test
  void withoutRetriesABackupThatLostTheAnswerToItsManifestFailsYetItsSnapshotIsComplete()
      throws Exception {
    Path source = source(5);
    InMemoryBlobStore inner = new InMemoryBlobStore();
    TestRepositories.init(inner).close();
    FaultyStore faulty = new FaultyStore(inner, 5).loseAnswerOfNextPut(BlobKind.SNAPSHOT);

    Throwable thrown;
    try (Repository repo = TestRepositories.open(faulty)) {
      thrown = catchThrowable(() -> backup(repo, source, INDEX_EVERY_PACK));
    }

    assertThat(thrown)
        .isInstanceOf(StorageUnavailable.class)
        .hasMessageStartingWith("storing snapshots/")
        .hasMessageContaining("connection reset");
    try (Repository repo = TestRepositories.open(inner)) {
      List<Snapshot> snapshots = repo.snapshots().list().snapshots();
      assertThat(snapshots).as("the manifest landed: the snapshot is committed").hasSize(1);
      restoresExactly(repo, snapshots.get(0), source, "snapshot whose answer was lost");
      checksClean(repo, "after the lost answer");
    }
  }

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
    // The retry layer passes a permanent failure straight through.
    RetryingBlobStore store = new VirtualTime().retrying(faulty, seed);

    Throwable thrown;
    try (Repository repo = TestRepositories.open(store)) {
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
        .hasMessageMatching("storing (data|index|snapshots)/\\S+ in .*: the disk is full");
    assertThat(((StorageUnavailable) thrown).permanent())
        .as("seed %d: a full disk is permanent", seed)
        .isTrue();
    assertThat(store.retries()).as("seed %d: a full disk is not retried", seed).isZero();
    assertThat(inner.list(BlobKind.SNAPSHOT)).as("seed %d: snapshots written", seed).isEmpty();

    try (Repository repo = TestRepositories.open(inner)) {
      checksClean(repo, "seed " + seed + ", after the full disk");
      Snapshot s = backup(repo, source, BackupSettings.forMachine()).snapshot();
      restoresExactly(repo, s, source, "seed " + seed + ", backup after the full disk");
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
        restoresExactly(reopened, s, source, "seed " + seed + ", second backup, reopened");
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4})
  void withoutRetriesRestoreFromFaultyStorageReportsOrFailsButNeverWritesWrongBytes(long seed)
      throws Exception {
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
      double p = seed % 2 == 0 ? 0.01 : 0.1;
      faulty.fail(Request.GET, p).resetAfter(Request.GET, p).truncateReads(p);
      thrown =
          catchThrowable(
              () ->
                  result[0] =
                      new Restore(repo).run(RestoreRequest.of(s, target), new RestoreProgress()));
    }
    System.out.printf(
        "faulty GETs without retries, seed %d: %d of %d GETs failed; restore %s%n",
        seed,
        faulty.injected(Request.GET),
        faulty.requests(Request.GET),
        thrown == null ? "completed" : "failed: " + thrown.getMessage());
    if (thrown != null) {
      assertThat(thrown)
          .as("seed %d: restore fails only with the storage failure", seed)
          .isInstanceOf(StorageUnavailable.class)
          .hasMessageContaining("injected");
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

  private static void addFile(Path source, String name, Random random) throws IOException {
    byte[] added = new byte[200_000 + random.nextInt(400_000)];
    random.nextBytes(added);
    Files.write(source.resolve(name), added);
  }

  private static long requests(FaultyStore faulty) {
    long n = 0;
    for (Request r : Request.values()) {
      n += faulty.requests(r);
    }
    return n;
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

  /** Restores {@code s} from {@code repo}, verifying, and compares it with {@code source}. */
  private void restoresExactly(Repository repo, Snapshot s, Path source, String ctx)
      throws IOException {
    Path target = tmp.resolve("restore-" + s.id().toShortHex());
    RestoreResult r =
        new Restore(repo).run(RestoreRequest.of(s, target).withVerify(true), new RestoreProgress());
    assertThat(r.problems()).as("%s: restore problems", ctx).isEmpty();
    TreeAssertions.assertSameTree(source, target, ctx);
  }

  private static List<Path> regularFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return new ArrayList<>(
          s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList());
    }
  }
}
