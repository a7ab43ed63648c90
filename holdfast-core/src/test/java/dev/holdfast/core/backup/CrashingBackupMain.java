package dev.holdfast.core.backup;

import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.storage.local.LocalBlobStore;
import dev.holdfast.core.testing.TestRepositories;
import java.nio.file.Path;

/**
 * The child process of {@link BackupCrashTest}: backs up one folder into a local test repository,
 * as {@code holdfast backup} would, so that the test can kill it with SIGKILL at any moment.
 * Arguments: the repository folder and the folder to back up.
 *
 * <p>It writes an index file every 2 packs instead of 16: test packs are 1 MiB, so the crash test's
 * backups (3 or 4 packs) write one midway as well as one at the end, and a kill can land between an
 * index file and the snapshot.
 */
public final class CrashingBackupMain {
  /** The line printed once the repository is open and loaded, and the backup starts. */
  static final String READY = "backup starting";

  private CrashingBackupMain() {}

  static BackupSettings settings() {
    BackupSettings d = BackupSettings.forMachine();
    return new BackupSettings(
        d.fileThreads(),
        d.chunkThreads(),
        d.uploads(),
        d.maxBytesInFlight(),
        d.maxFilesInFlight(),
        2);
  }

  public static void main(String[] args) {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: CrashingBackupMain <repository> <source>");
    }
    try (Repository repo = TestRepositories.open(LocalBlobStore.open(Path.of(args[0])))) {
      // Reads what the backup reads first (the index, the snapshots to find the parent), so that
      // its time, which grows with the repository, is not part of the kill window.
      repo.index();
      repo.snapshots().list();
      System.out.println(READY);
      System.out.flush();
      BackupResult r =
          new Backup(repo, settings())
              .run(BackupRequest.of("testhost", Path.of(args[1])), new BackupProgress());
      System.out.println(
          "snapshot "
              + r.snapshot().id().toShortHex()
              + " bytesAdded "
              + r.snapshot().stats().bytesAdded()
              + " problems "
              + r.problems().size());
    }
  }
}
