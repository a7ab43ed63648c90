package dev.holdfast.core.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.restore.Restore;
import dev.holdfast.core.restore.RestoreProgress;
import dev.holdfast.core.restore.RestoreRequest;
import dev.holdfast.core.restore.RestoreResult;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.core.testing.TreeAssertions;
import dev.holdfast.core.testing.TreeGenerator;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files that cannot be read during a backup are reported by path and reason, and everything else is
 * backed up and committed. Tests run as root, which reads any file whatever its mode, so the
 * refusal comes through the {@link SourceFiles} seam; the vanishing file is really deleted just
 * before it is opened, so that error comes from the operating system.
 */
class UnreadableSourceFilesTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2})
  void unreadableAndVanishedFilesAreReportedAndTheRestIsBackedUp(long seed) throws Exception {
    Path source = tmp.resolve("source");
    new TreeGenerator(seed).write(source, 2_000_000);
    Random random = new Random(seed);
    // At the top of the source: the root folder's own time is not part of the snapshot, so
    // deleting these changes nothing the restore is compared on.
    Path denied = source.resolve("secret.db");
    Path vanishing = source.resolve("scratch.tmp");
    for (Path p : new Path[] {denied, vanishing}) {
      byte[] data = new byte[10_000 + random.nextInt(100_000)];
      random.nextBytes(data);
      Files.write(p, data);
    }
    SourceFiles files =
        path -> {
          if (path.getFileName().equals(denied.getFileName())) {
            throw new AccessDeniedException(path.toString());
          }
          if (path.getFileName().equals(vanishing.getFileName())) {
            Files.delete(path);
          }
          return SourceFiles.DEFAULT.open(path);
        };

    try (Repository repo = TestRepositories.init(new InMemoryBlobStore())) {
      BackupResult result =
          new Backup(repo, BackupSettings.forMachine(), files)
              .run(BackupRequest.of("testhost", source), new BackupProgress());

      assertThat(result.problems())
          .as("seed %d: problems", seed)
          .containsExactlyInAnyOrder(
              new BackupProblem(denied.toString(), "cannot read file: permission denied"),
              new BackupProblem(
                  vanishing.toString(), "cannot read file: it vanished during the backup"));
      Snapshot s = result.snapshot();
      assertThat(repo.snapshots().list().snapshots())
          .as("seed %d: the snapshot is committed", seed)
          .extracting(Snapshot::id)
          .containsExactly(s.id());
      assertThat(s.stats().errors()).as("seed %d: errors in the stats", seed).isEqualTo(2);

      Path target = tmp.resolve("restored");
      RestoreResult restored =
          new Restore(repo)
              .run(RestoreRequest.of(s, target).withVerify(true), new RestoreProgress());
      assertThat(restored.problems()).as("seed %d: restore problems", seed).isEmpty();
      Files.delete(denied);
      TreeAssertions.assertSameTree(source, target, "seed " + seed + ", all but the two");
    }
  }
}
