package dev.holdfast.core.testing;

import static dev.holdfast.core.testing.RepositoryAssertions.checksClean;
import static dev.holdfast.core.testing.RepositoryAssertions.restoresExactly;
import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.backup.Backup;
import dev.holdfast.core.backup.BackupProgress;
import dev.holdfast.core.backup.BackupRequest;
import dev.holdfast.core.backup.BackupResult;
import dev.holdfast.core.lock.LockOwner;
import dev.holdfast.core.lock.Locks;
import dev.holdfast.core.prune.Prune;
import dev.holdfast.core.prune.PruneOptions;
import dev.holdfast.core.prune.PruneResult;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.storage.BlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A torture run for any storage: several writers, each with its own repository handle (as separate
 * processes have), back up and forget while a prune runs in a loop beside them. Afterwards every
 * snapshot left restores exactly and {@code check --read-data} passes: no writer lost data to the
 * prune or to each other.
 */
public final class WritersAndPruneTorture {
  private static final int KEEP_LAST = 2;

  private final Path tmp;
  private final Supplier<BlobStore> stores;
  private final int writers;
  private final int rounds;
  private final Path snapshotCache;
  private final Queue<String> cacheWarnings = new ConcurrentLinkedQueue<>();

  /** What each writer round backed up, by snapshot. */
  private final Map<Snapshot, Path> sources = new ConcurrentHashMap<>();

  /**
   * @param stores opens a new handle on the same (initialised) repository storage each time
   */
  public WritersAndPruneTorture(Path tmp, Supplier<BlobStore> stores, int writers, int rounds) {
    this(tmp, stores, writers, rounds, null);
  }

  private WritersAndPruneTorture(
      Path tmp, Supplier<BlobStore> stores, int writers, int rounds, Path snapshotCache) {
    this.tmp = tmp;
    this.stores = stores;
    this.writers = writers;
    this.rounds = rounds;
    this.snapshotCache = snapshotCache;
  }

  /**
   * The same run with every handle (writers, prunes, the final check) listing snapshots through one
   * snapshot cache in {@code folder}, as processes on one machine share it.
   */
  public WritersAndPruneTorture withSnapshotCache(Path folder) {
    return new WritersAndPruneTorture(tmp, stores, writers, rounds, folder);
  }

  /** Runs the writers and the prune loop, then asserts that nothing was lost. */
  public void run() throws Exception {
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong prunes = new AtomicLong();
    AtomicLong freed = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        running.add(pool.submit(() -> write(writer)));
      }
      Future<?> pruner =
          pool.submit(
              () -> {
                while (writing.get()) {
                  freed.addAndGet(prune().bytesFreed());
                  prunes.incrementAndGet();
                }
                return null;
              });
      for (Future<?> f : running) {
        f.get();
      }
      writing.set(false);
      pruner.get();
    } finally {
      pool.shutdownNow();
    }

    // A last prune completes what the loop had to leave waiting for the writers.
    PruneResult last = prune();
    assertThat(last.waitingFor()).isEmpty();
    freed.addAndGet(last.bytesFreed());
    try (Repository repo = open()) {
      checksClean(repo, "after " + prunes.get() + " concurrent prunes");
      List<Snapshot> left = repo.snapshots().list().snapshots();
      assertThat(left).hasSize(writers * KEEP_LAST);
      for (Snapshot s : left) {
        Path source = sources.get(s);
        assertThat(source).as("snapshot %s was written by a writer", s.id()).isNotNull();
        restoresExactly(stores.get(), s, source, tmp.resolve("restore-" + s.id()), "" + s.id());
      }
    }
    assertThat(prunes.get()).as("prunes that ran beside the writers").isPositive();
    assertThat(cacheWarnings).as("snapshot cache warnings").isEmpty();
    assertThat(freed.get()).as("bytes freed of forgotten snapshots").isPositive();
  }

  /** A new handle on the repository, listing through the snapshot cache if there is one. */
  private Repository open() {
    Repository repo = TestRepositories.open(stores.get());
    if (snapshotCache != null) {
      repo.cacheSnapshotsIn(snapshotCache, cacheWarnings::add);
    }
    return repo;
  }

  private PruneResult prune() {
    try (Repository repo = open()) {
      return new Prune(repo, new Locks(repo, LockOwner.thisProcess("pruner", "t")))
          .run(PruneOptions.DEFAULT);
    }
  }

  /** Backs up {@code rounds} evolving folders, forgetting all but the last KEEP_LAST of its own. */
  private Void write(int writer) throws Exception {
    Path common = tmp.resolve("common-" + writer);
    new TreeGenerator(1000 + writer).write(common, 300_000);
    List<Snapshot> mine = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      Path dir = tmp.resolve("w" + writer + "-r" + round);
      copyTree(common, dir.resolve("common"));
      new TreeGenerator(writer * 100L + round).write(dir.resolve("fresh"), 200_000);
      try (Repository repo = open()) {
        BackupResult r =
            new Backup(repo)
                .run(
                    BackupRequest.of("host-" + writer, dir).withSource("file://w" + writer),
                    new BackupProgress());
        assertThat(r.problems()).isEmpty();
        sources.put(r.snapshot(), dir);
        mine.add(r.snapshot());
        if (mine.size() > KEEP_LAST) {
          repo.snapshots().delete(mine.remove(0).id());
        }
      }
    }
    return null;
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (var paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isSymbolicLink(p)) {
          Files.createSymbolicLink(target, Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
