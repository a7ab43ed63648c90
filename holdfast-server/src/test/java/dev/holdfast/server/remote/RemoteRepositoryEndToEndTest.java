package dev.holdfast.server.remote;

import static dev.holdfast.server.testing.TestServer.ADMIN;
import static dev.holdfast.server.testing.TestServer.AGENT;
import static dev.holdfast.server.testing.TestServer.MAIN;
import static dev.holdfast.server.testing.TestServer.RESTORER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.backup.Backup;
import dev.holdfast.core.backup.BackupProgress;
import dev.holdfast.core.backup.BackupRequest;
import dev.holdfast.core.backup.BackupResult;
import dev.holdfast.core.check.CheckResult;
import dev.holdfast.core.lock.LockOwner;
import dev.holdfast.core.lock.Locks;
import dev.holdfast.core.prune.Prune;
import dev.holdfast.core.prune.PruneOptions;
import dev.holdfast.core.prune.PruneResult;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.testing.RepositoryAssertions;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.core.testing.TreeGenerator;
import dev.holdfast.server.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository served over mutual TLS, through the engine's own jobs, each under the identity that
 * would run it: an agent (read, append) initialises and backs up two sources, a restore identity
 * (read) restores with verification and runs {@code check --read-data}, maintenance (read, append,
 * delete) forgets a snapshot and prunes; the repository checks clean and the remaining snapshot
 * restores exactly.
 */
class RemoteRepositoryEndToEndTest {
  @TempDir Path tmp;

  @Test
  void backupRestoreCheckAndPruneThroughTheServer() throws Exception {
    Path old = tmp.resolve("old");
    new TreeGenerator(2026).write(old, 3_000_000);
    Path source = tmp.resolve("source");
    new TreeGenerator(2027).write(source, 3_000_000);
    try (TestServer server = TestServer.start(tmp.resolve("server"))) {
      TestRepositories.init(server.client(AGENT)).close();

      BackupResult first;
      BackupResult second;
      try (Repository repo = TestRepositories.open(server.client(AGENT))) {
        first = backup(repo, old);
        second = backup(repo, source);
      }
      assertThat(server.store(MAIN).list(BlobKind.PACK)).hasSizeGreaterThan(1);

      RepositoryAssertions.restoresExactly(
          server.client(RESTORER),
          second.snapshot(),
          source,
          tmp.resolve("restored"),
          "restored by the restore identity");
      try (Repository repo = TestRepositories.open(server.client(RESTORER))) {
        CheckResult check =
            RepositoryAssertions.checksClean(repo, "checked by the restore identity");
        assertThat(check.snapshots()).isEqualTo(2);
        assertThat(check.packsRead()).isEqualTo(check.packs());
      }

      PruneResult pruned;
      try (Repository repo = TestRepositories.open(server.client(ADMIN))) {
        repo.snapshots().delete(first.snapshot().id());
        pruned =
            new Prune(repo, new Locks(repo, LockOwner.thisProcess("maintenance", "tester")))
                .run(PruneOptions.DEFAULT);
        RepositoryAssertions.checksClean(repo, "after prune");
      }
      assertThat(pruned.packsDeleted()).as("packs pruned").isPositive();
      assertThat(server.store(MAIN).list(BlobKind.LOCK)).as("locks left").isEmpty();
      RepositoryAssertions.restoresExactly(
          server.client(RESTORER),
          second.snapshot(),
          source,
          tmp.resolve("restored-after-prune"),
          "restored after prune");
    }
  }

  private static BackupResult backup(Repository repo, Path source) {
    BackupResult result =
        new Backup(repo).run(BackupRequest.of("node-1", source), new BackupProgress());
    assertThat(result.problems()).isEmpty();
    return result;
  }
}
