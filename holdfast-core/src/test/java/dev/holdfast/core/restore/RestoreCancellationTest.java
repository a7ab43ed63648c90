package dev.holdfast.core.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.holdfast.core.backup.Backup;
import dev.holdfast.core.backup.BackupProgress;
import dev.holdfast.core.backup.BackupRequest;
import dev.holdfast.core.concurrent.Cancellation;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.core.testing.TreeAssertions;
import dev.holdfast.core.testing.TreeGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A restore given up by its caller ({@link Cancellation}) stops writing, holds no file open once it
 * has thrown, and leaves a target that a second restore finishes.
 */
class RestoreCancellationTest {
  private static final int THREADS = 3;

  @TempDir Path tmp;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void aRestoreCancelledMidwayStopsClosesItsFilesAndAnotherRestoreFinishesIt(long seed)
      throws IOException {
    Path data = tmp.resolve("data");
    new TreeGenerator(seed).write(data, 1_000_000);
    Random random = new Random(seed);
    for (int i = 0; i < 4; i++) {
      byte[] big = new byte[2_000_000];
      random.nextBytes(big);
      Files.write(data.resolve("big" + i + ".bin"), big);
    }
    Path target = tmp.resolve("target");
    try (Repository repo = TestRepositories.init(new InMemoryBlobStore())) {
      Snapshot s = backup(repo, data);
      RestoreProgress progress = new RestoreProgress();
      // Given up once a megabyte is written: each worker stops at its next blob.
      Cancellation afterAMegabyte = () -> progress.bytesDone() >= 1_000_000;

      Throwable thrown =
          catchThrowable(
              () ->
                  new Restore(repo, THREADS)
                      .run(RestoreRequest.of(s, target), progress, afterAMegabyte));

      assertThat(thrown).isInstanceOf(CancellationException.class);
      long total = s.stats().bytesProcessed();
      assertThat(progress.bytesDone())
          .as("stopped long before the %d bytes of the snapshot", total)
          .isLessThan(total / 2);
      assertThat(openFilesUnder(target)).as("files held open after the restore threw").isEmpty();

      RestoreResult again =
          new Restore(repo, THREADS)
              .run(
                  RestoreRequest.of(s, target).withOverwrite(Overwrite.ALWAYS),
                  new RestoreProgress());
      assertThat(again.problems()).isEmpty();
      TreeAssertions.assertSameTree(data, target, "seed " + seed);
    }
  }

  @Test
  void aRestoreCancelledBeforeItStartsWritesNoFile() throws IOException {
    Path data = tmp.resolve("data");
    new TreeGenerator(4).write(data, 300_000);
    Path target = tmp.resolve("target");
    try (Repository repo = TestRepositories.init(new InMemoryBlobStore())) {
      Snapshot s = backup(repo, data);
      AtomicInteger asked = new AtomicInteger();
      Cancellation already =
          () -> {
            asked.incrementAndGet();
            return true;
          };

      Throwable thrown =
          catchThrowable(
              () ->
                  new Restore(repo)
                      .run(RestoreRequest.of(s, target), new RestoreProgress(), already));

      assertThat(thrown).isInstanceOf(CancellationException.class);
      assertThat(asked).hasPositiveValue();
      try (Stream<Path> all = Files.walk(target)) {
        assertThat(all.filter(Files::isRegularFile).toList()).isEmpty();
      }
    }
  }

  private static Snapshot backup(Repository repo, Path data) {
    return new Backup(repo)
        .run(BackupRequest.of("testhost", data), new BackupProgress())
        .snapshot();
  }

  /** What this process holds open under {@code folder}, from /proc/self/fd (Linux). */
  private static List<Path> openFilesUnder(Path folder) throws IOException {
    List<Path> open = new ArrayList<>();
    Path real = folder.toRealPath();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          Path file = Files.readSymbolicLink(fd);
          if (file.startsWith(real)) {
            open.add(file);
          }
        } catch (IOException e) {
          // closed since it was listed
        }
      }
    }
    return open;
  }
}
