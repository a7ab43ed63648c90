package dev.holdfast.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.holdfast.core.check.Check;
import dev.holdfast.core.check.CheckOptions;
import dev.holdfast.core.check.CheckResult;
import dev.holdfast.core.concurrent.Cancellation;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.restore.Restore;
import dev.holdfast.core.restore.RestoreProgress;
import dev.holdfast.core.restore.RestoreRequest;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.core.testing.TreeAssertions;
import dev.holdfast.core.testing.TreeGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A backup given up by its caller ({@link Cancellation}) stops reading the source, writes no
 * snapshot and leaves a repository that checks clean, in which the next backup runs as usual.
 */
class BackupCancellationTest {
  /** One file at a time, so how far a backup read after its cancellation is bounded exactly. */
  private static final BackupSettings ONE_FILE_AT_A_TIME =
      new BackupSettings(1, 2, 1, 16L * 1024 * 1024, 1, 16);

  private static final int CANCEL_AT_FILE = 3;

  @TempDir Path tmp;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void aBackupCancelledMidwayStopsReadingWritesNoSnapshotAndTheRepositoryChecksClean(long seed)
      throws IOException {
    Path source = tmp.resolve("source");
    new TreeGenerator(seed).write(source, 2_000_000);
    long files = regularFiles(source);
    AtomicInteger opened = new AtomicInteger();
    SourceFiles counting =
        path -> {
          opened.incrementAndGet();
          return SourceFiles.DEFAULT.open(path);
        };

    try (Repository repo = TestRepositories.init(new InMemoryBlobStore())) {
      Throwable thrown =
          catchThrowable(
              () ->
                  new Backup(repo, ONE_FILE_AT_A_TIME, counting)
                      .run(
                          BackupRequest.of("testhost", source),
                          new BackupProgress(),
                          () -> opened.get() >= CANCEL_AT_FILE));

      assertThat(thrown).as("seed %d", seed).isInstanceOf(CancellationException.class);
      assertThat(opened.get())
          .as("seed %d: files opened of %d; the one being read when asked may finish", seed, files)
          .isBetween(CANCEL_AT_FILE, CANCEL_AT_FILE + 1)
          .isLessThan((int) files);
      assertThat(repo.snapshots().list().snapshots()).as("seed %d: snapshots", seed).isEmpty();
      CheckResult check = new Check(repo).run(CheckOptions.allData());
      assertThat(check.errors()).as("seed %d: check errors", seed).isEmpty();

      BackupResult next =
          new Backup(repo).run(BackupRequest.of("testhost", source), new BackupProgress());
      assertThat(next.problems()).as("seed %d: next backup's problems", seed).isEmpty();
      assertRestoresTo(repo, next.snapshot(), source);
    }
  }

  @Test
  void aBackupCancelledBeforeItBeginsReadsNoFile() throws IOException {
    Path source = tmp.resolve("source");
    new TreeGenerator(9).write(source, 200_000);
    AtomicInteger opened = new AtomicInteger();
    SourceFiles counting =
        path -> {
          opened.incrementAndGet();
          return SourceFiles.DEFAULT.open(path);
        };

    try (Repository repo = TestRepositories.init(new InMemoryBlobStore())) {
      Throwable thrown =
          catchThrowable(
              () ->
                  new Backup(repo, ONE_FILE_AT_A_TIME, counting)
                      .run(BackupRequest.of("testhost", source), new BackupProgress(), () -> true));

      assertThat(thrown).isInstanceOf(CancellationException.class);
      assertThat(opened.get()).isZero();
      assertThat(repo.snapshots().list().snapshots()).isEmpty();
      assertThat(new Check(repo).run(CheckOptions.allData()).errors()).isEmpty();
    }
  }

  private void assertRestoresTo(Repository repo, Snapshot snapshot, Path expected)
      throws IOException {
    Path target = Files.createTempDirectory(tmp, "restored");
    new Restore(repo).run(RestoreRequest.of(snapshot, target), new RestoreProgress());
    TreeAssertions.assertSameTree(expected, target, "restored after a cancelled backup");
  }

  private static long regularFiles(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      List<Path> files = all.filter(Files::isRegularFile).toList();
      return files.size();
    }
  }
}
