package dev.holdfast.core.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.check.Check;
import dev.holdfast.core.check.CheckOptions;
import dev.holdfast.core.check.CheckResult;
import dev.holdfast.core.content.BlobLocation;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.SnapshotId;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.restore.Restore;
import dev.holdfast.core.restore.RestoreProgress;
import dev.holdfast.core.restore.RestoreRequest;
import dev.holdfast.core.restore.RestoreResult;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.SnapshotStore;
import dev.holdfast.core.snapshot.TreeEntry;
import dev.holdfast.core.snapshot.TreeWalker;
import dev.holdfast.core.storage.local.LocalBlobStore;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.core.testing.TreeAssertions;
import dev.holdfast.core.testing.TreeGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a backup process with SIGKILL at seeded random moments and proves what docs/DESIGN.md
 * promises: the repository checks clean (leftover packs are only warnings), every listed snapshot
 * is complete, the next backup succeeds and reuses what the killed one indexed, and the last
 * snapshot restores exactly. Each round backs up fresh data (a new TreeGenerator tree replaces the
 * last round's), so every killed process has real work in flight; the repository accumulates the
 * leftovers of every crash. 20 timed kills by default; the soak profile ({@code ./mvnw -Psoak
 * verify}) or {@code -Dholdfast.crash.iterations=200} makes 200, {@code -Dholdfast.crash.seed=...}
 * replays a run.
 */
class BackupCrashTest {
  private static final int ITERATIONS = Integer.getInteger("holdfast.crash.iterations", 20);
  private static final long SEED = Long.getLong("holdfast.crash.seed", 20261125L);

  /** Bytes per round, plus TreeGenerator's 8 MB sparse file: about half a second of backup. */
  private static final long ROUND_BYTES = 6_000_000;

  @TempDir Path tmp;

  /** Blob counts in the repository folder, to describe where a kill landed. */
  private record RepoState(int packs, int indexFiles, int snapshots, int tempFiles) {
    String minus(RepoState before) {
      return "packs +%d, index files +%d, snapshots +%d, temporary files left %d"
          .formatted(
              packs - before.packs,
              indexFiles - before.indexFiles,
              snapshots - before.snapshots,
              tempFiles);
    }
  }

  /**
   * When a round's child is killed: {@code delayMillis} after its backup starts, or, when {@code
   * folder} is given, the moment a file is created in that folder of the repository.
   */
  private record Kill(String when, String folder, long delayMillis) {}

  private final long seed = SEED;
  private final String ctx = "seed " + SEED;
  private Path repoDir;
  private Path source;
  private final Set<String> warned = new HashSet<>();
  private int reuseChecked;

  @Test
  void killedBackupsLeaveARepositoryThatChecksCleanAndBacksUpAgain() throws Exception {
    Random random = new Random(seed);
    repoDir = tmp.resolve("repo");
    source = tmp.resolve("source");
    TestRepositories.init(LocalBlobStore.create(repoDir)).close();

    // The faster of two whole backups (the second has a parent, as every later one does): load
    // from other processes on the machine only ever makes a run slower.
    long fullMillis = Math.min(uncrashedRound(0), uncrashedRound(1));

    // Stratified: each timed kill lies in its own slice of the backup's duration, so every phase
    // (reading, packing, index files, the manifest, exiting) gets kills.
    List<Kill> kills = new ArrayList<>();
    for (int stratum = 0; stratum < ITERATIONS; stratum++) {
      long delay = (long) ((stratum + random.nextDouble()) * fullMillis / ITERATIONS);
      kills.add(new Kill("after " + delay + " ms", null, delay));
    }
    // A timed kill lands where a slow run happens to be: load from other processes makes the
    // children slower than the calibration. So some rounds are killed the moment a file appears
    // (inotify, no polling): the first upload begins, the first index file, the manifest.
    for (int i = 0; i < Math.max(1, ITERATIONS / 20); i++) {
      kills.add(new Kill("when its first upload began", "tmp", 0));
      kills.add(new Kill("when its first index file appeared", "index", 0));
      kills.add(new Kill("when its snapshot manifest appeared", "snapshots", 0));
    }
    Collections.shuffle(kills, random);
    int round = 2;
    for (Kill kill : kills) {
      crashRound(round++, kill);
    }

    try (Repository repo = open()) {
      Snapshot latest = repo.snapshots().latestOf(sourceName()).orElseThrow();
      restoresExactly(repo, latest, ctx + ", latest snapshot");
      CheckResult check = new Check(repo).run(CheckOptions.allData());
      assertThat(check.errors()).as("%s: final check", ctx).isEmpty();
    }
    System.out.printf(
        "crash test %s: %d kills (%d timed, %d when a file appeared); %d left an index file but"
            + " no snapshot%n",
        ctx, kills.size(), ITERATIONS, kills.size() - ITERATIONS, reuseChecked);
  }

  /** Backs up a new round in a child process that is not killed; returns how long it took. */
  private long uncrashedRound(int round) throws Exception {
    String at = ctx + ", round " + round;
    writeRound(round);
    RepoState before = state();
    long millis;
    try (Child whole = Child.start(repoDir, source)) {
      whole.awaitReady(at);
      long started = System.nanoTime();
      assertThat(whole.process.waitFor(5, TimeUnit.MINUTES))
          .as("%s: uncrashed backup ends", at)
          .isTrue();
      millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertThat(whole.process.exitValue())
          .as("%s: uncrashed backup: %s", at, whole.output())
          .isZero();
    }
    try (Repository repo = open()) {
      Snapshot s = repo.snapshots().latestOf(sourceName()).orElseThrow();
      restoresExactly(repo, s, at + ", uncrashed run");
      System.out.printf(
          "crash test %s: a whole backup of %d files takes %d ms once the repository is open,"
              + " adds %d bytes: %s%n",
          at, countFiles(source), millis, s.stats().bytesAdded(), state().minus(before));
    }
    return millis;
  }

  /**
   * Backs up a new round of data in a child process, kills it as {@code kill} says, and proves the
   * repository is sound: it checks clean, every snapshot the child wrote restores exactly, and a
   * backup in this process succeeds, reusing what the child indexed.
   */
  private void crashRound(int round, Kill kill) throws Exception {
    String at = ctx + ", round " + round;
    writeRound(round);
    RepoState before = state();
    Set<SnapshotId> snapshotsBefore;
    Set<ChunkId> knownBefore = new HashSet<>();
    try (Repository repo = open()) {
      snapshotsBefore = ids(repo);
      repo.index().forEach((id, loc) -> knownBefore.add(id));
    }

    boolean finished;
    try (WatchService watch = watchFor(kill);
        Child child = Child.start(repoDir, source)) {
      child.awaitReady(at);
      if (kill.folder() == null) {
        finished = child.process.waitFor(kill.delayMillis(), TimeUnit.MILLISECONDS);
      } else {
        assertThat(watch.poll(2, TimeUnit.MINUTES))
            .as("%s: the child creates a file in %s", at, kill.folder())
            .isNotNull();
        finished = !child.process.isAlive();
      }
      if (!finished) {
        child.process.destroyForcibly();
      }
      assertThat(child.process.waitFor(1, TimeUnit.MINUTES)).as("%s: child ends", at).isTrue();
      if (finished) {
        assertThat(child.process.exitValue())
            .as("%s: child finished on its own: %s", at, child.output())
            .isZero();
      }
    }
    RepoState after = state();
    boolean indexed = after.indexFiles > before.indexFiles;
    boolean committed = after.snapshots > before.snapshots;
    System.out.printf(
        "crash test %s: %s %s: %s%n",
        at, finished ? "finished before the kill" : "killed", kill.when(), after.minus(before));

    try (Repository repo = open()) {
      CheckResult check = new Check(repo).run(CheckOptions.allData());
      assertThat(check.errors()).as("%s: check errors after the kill", at).isEmpty();
      assertThat(check.damagedFiles()).as("%s: damaged files", at).isEmpty();
      for (String w : check.warnings()) {
        if (warned.add(w)) {
          System.out.printf("crash test %s: warning: %s%n", at, w);
        }
      }
      SnapshotStore.Listing listing = repo.snapshots().list();
      assertThat(listing.unreadable()).as("%s: unreadable snapshots", at).isEmpty();
      for (Snapshot s : listing.snapshots()) {
        if (!snapshotsBefore.contains(s.id())) {
          restoresExactly(repo, s, at + ", snapshot of the killed process");
        }
      }
    }

    try (Repository repo = open()) {
      BackupResult next =
          new Backup(repo).run(BackupRequest.of("testhost", source), new BackupProgress());
      assertThat(next.problems()).as("%s: backup after the kill", at).isEmpty();
      long added = next.snapshot().stats().bytesAdded();
      long needed = newDataBytes(repo, next.snapshot(), knownBefore);
      System.out.printf(
          "crash test %s: the next backup added %d bytes; the round's new data is %d bytes%n",
          at, added, needed);
      if (indexed && !committed) {
        reuseChecked++;
        assertThat(added)
            .as(
                "%s: after a kill that left an index file, the next backup reuses its chunks"
                    + " (added %d bytes of %d new)",
                at, added, needed)
            .isLessThan(needed);
      }
    }
  }

  /** A watch on the folder whose new file is the moment of {@code kill}, if it has one. */
  private WatchService watchFor(Kill kill) throws IOException {
    WatchService watch = FileSystems.getDefault().newWatchService();
    if (kill.folder() != null) {
      Path folder = Files.createDirectories(repoDir.resolve(kill.folder()));
      folder.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
    }
    return watch;
  }

  /** Replaces the last round's folder with a new generated tree, so the next backup has work. */
  private void writeRound(int round) throws IOException {
    if (round > 0) {
      deleteTree(source.resolve("round-" + (round - 1)));
    }
    Files.createDirectories(source);
    new TreeGenerator(seed * 1000 + round).write(source.resolve("round-" + round), ROUND_BYTES);
  }

  /**
   * A running {@link CrashingBackupMain}; a thread of its own collects what it prints. Closing
   * kills it if it still runs (a failed assertion must not leave it writing into the temp folder).
   */
  private static final class Child implements AutoCloseable {
    final Process process;
    private final StringBuffer output = new StringBuffer();
    private final CountDownLatch ready = new CountDownLatch(1);

    private Child(Process process) {
      this.process = process;
      Thread reader = new Thread(this::collect, "crash-test-child-output");
      reader.setDaemon(true);
      reader.start();
    }

    static Child start(Path repoDir, Path source) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      return new Child(
          new ProcessBuilder(
                  java,
                  "-Xmx512m",
                  "-XX:+UseSerialGC",
                  // C1 only: a child lives a second, and C2's compiler threads would take the
                  // cores from the backup (measured: starts and runs in about half the time).
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  System.getProperty("java.class.path"),
                  CrashingBackupMain.class.getName(),
                  repoDir.toString(),
                  source.toString())
              .redirectErrorStream(true)
              .start());
    }

    /** Waits until the child's repository is open and its backup starts. */
    void awaitReady(String ctx) throws InterruptedException {
      assertThat(ready.await(2, TimeUnit.MINUTES)).as("%s: child starts", ctx).isTrue();
      assertThat(output.toString())
          .as("%s: child opened the repository", ctx)
          .contains(CrashingBackupMain.READY);
    }

    String output() {
      return output.toString();
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        process.destroyForcibly();
        process.waitFor(1, TimeUnit.MINUTES);
      }
    }

    private void collect() {
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          output.append(line).append('\n');
          if (line.equals(CrashingBackupMain.READY)) {
            ready.countDown();
          }
        }
      } catch (IOException e) {
        output.append("(reading the output failed: ").append(e).append(")\n");
      } finally {
        ready.countDown();
      }
    }
  }

  private Repository open() {
    return TestRepositories.open(LocalBlobStore.open(repoDir));
  }

  private String sourceName() {
    return Backup.defaultSource("testhost", List.of(source.toAbsolutePath().normalize()));
  }

  private static Set<SnapshotId> ids(Repository repo) {
    return repo.snapshots().list().snapshots().stream()
        .map(Snapshot::id)
        .collect(Collectors.toSet());
  }

  private void restoresExactly(Repository repo, Snapshot s, String ctx) throws IOException {
    Path target = tmp.resolve("restore-" + s.id().toShortHex());
    RestoreResult r =
        new Restore(repo).run(RestoreRequest.of(s, target).withVerify(true), new RestoreProgress());
    assertThat(r.problems()).as("%s: restore problems of %s", ctx, s.id()).isEmpty();
    TreeAssertions.assertSameTree(source, target, ctx + ", snapshot " + s.id().toShortHex());
    deleteTree(target);
  }

  /** Stored bytes of the distinct data chunks of {@code s} that the repository lacked before. */
  private static long newDataBytes(Repository repo, Snapshot s, Set<ChunkId> knownBefore) {
    Set<ChunkId> seen = new HashSet<>();
    long[] bytes = {0};
    new TreeWalker(repo.trees())
        .walk(
            s.tree(),
            (path, e) -> {
              if (e instanceof TreeEntry.File f) {
                for (ChunkId id : f.content()) {
                  if (!knownBefore.contains(id) && seen.add(id)) {
                    bytes[0] += repo.index().get(id).map(BlobLocation::length).orElseThrow();
                  }
                }
              }
              return true;
            });
    return bytes[0];
  }

  private RepoState state() throws IOException {
    return new RepoState(
        countFiles(repoDir.resolve("data")),
        countFiles(repoDir.resolve("index")),
        countFiles(repoDir.resolve("snapshots")),
        countFiles(repoDir.resolve("tmp")));
  }

  private static int countFiles(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(folder)) {
      return (int) s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).count();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
