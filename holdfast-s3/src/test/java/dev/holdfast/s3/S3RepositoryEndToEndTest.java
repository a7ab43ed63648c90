package dev.holdfast.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.backup.Backup;
import dev.holdfast.core.backup.BackupProgress;
import dev.holdfast.core.backup.BackupRequest;
import dev.holdfast.core.backup.BackupResult;
import dev.holdfast.core.check.Check;
import dev.holdfast.core.check.CheckOptions;
import dev.holdfast.core.check.CheckResult;
import dev.holdfast.core.lock.LockMode;
import dev.holdfast.core.lock.LockOwner;
import dev.holdfast.core.lock.Locks;
import dev.holdfast.core.lock.RepositoryLock;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.restore.Restore;
import dev.holdfast.core.restore.RestoreProgress;
import dev.holdfast.core.restore.RestoreRequest;
import dev.holdfast.core.restore.RestoreResult;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.core.testing.TreeAssertions;
import dev.holdfast.core.testing.TreeGenerator;
import dev.holdfast.s3.testing.LocalS3;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository in S3Proxy, through the engine's own jobs: init, open, two backups, restore with
 * verification and {@code check --read-data}; the restored tree equals the source.
 */
class S3RepositoryEndToEndTest {
  @RegisterExtension static final LocalS3 S3 = new LocalS3();

  @TempDir Path tmp;

  @Test
  void backupRestoreAndCheckThroughS3() throws Exception {
    Path source = tmp.resolve("source");
    new TreeGenerator(2026).write(source, 4_000_000);
    S3Location location = S3.newBucket("backups/host-1");

    TestRepositories.init(S3BlobStore.open(location, S3.options())).close();

    try (Repository repo = TestRepositories.open(S3BlobStore.open(location, S3.options()))) {
      BackupResult first = backup(repo, source);
      BackupResult second = backup(repo, source);
      assertThat(second.snapshot().stats().filesUnchanged())
          .isEqualTo(second.snapshot().stats().files());
      assertThat(repo.store().list(BlobKind.PACK)).hasSizeGreaterThan(1);

      Path target = tmp.resolve("restored");
      RestoreResult restored =
          new Restore(repo)
              .run(
                  RestoreRequest.of(first.snapshot(), target).withVerify(true),
                  new RestoreProgress());
      assertThat(restored.problems()).isEmpty();
      TreeAssertions.assertSameTree(source, target, "restored from " + location);

      CheckResult check = new Check(repo).run(CheckOptions.allData());
      assertThat(check.errors()).isEmpty();
      assertThat(check.warnings()).isEmpty();
      assertThat(check.snapshots()).isEqualTo(2);
      assertThat(check.packsRead()).isEqualTo(check.packs());
    }
  }

  @Test
  void aLockClosedOnAnInterruptedThreadIsReleasedThroughTheSdk() {
    // The AWS SDK refuses to start a request on an interrupted thread; a backup job cancelled by
    // interrupting its thread must still remove its lock, or prune waits for it to turn stale.
    S3Location location = S3.newBucket("backups/interrupted");
    TestRepositories.init(S3BlobStore.open(location, S3.options())).close();
    try (Repository repo = TestRepositories.open(S3BlobStore.open(location, S3.options()))) {
      RepositoryLock lock =
          new Locks(repo, LockOwner.thisProcess("host-1", "tester"))
              .acquire(LockMode.SHARED, "backup");
      assertThat(repo.store().list(BlobKind.LOCK)).hasSize(1);
      try {
        Thread.currentThread().interrupt();
        lock.close();
        assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
      } finally {
        Thread.interrupted();
      }
      assertThat(repo.store().list(BlobKind.LOCK)).as("the lock was removed").isEmpty();
    }
  }

  private static BackupResult backup(Repository repo, Path source) {
    BackupResult result =
        new Backup(repo).run(BackupRequest.of("host-1", source), new BackupProgress());
    assertThat(result.problems()).isEmpty();
    return result;
  }
}
