package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.core.id.SnapshotId;
import dev.holdfast.core.lock.LockMode;
import dev.holdfast.core.lock.LockOwner;
import dev.holdfast.core.lock.Locks;
import dev.holdfast.core.lock.RepositoryLock;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.storage.local.LocalBlobStore;
import dev.holdfast.core.testing.TreeAssertions;
import dev.holdfast.core.testing.TreeGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code holdfast prune} and {@code holdfast unlock}, as a user runs them. */
class PruneAndUnlockCommandTest {
  @TempDir Path tmp;

  private static Repository openDirectly(CliRepo repo) {
    return Repository.open(
        LocalBlobStore.open(repo.dir), CliRepo.PASSPHRASE.toCharArray(), Clock.systemUTC());
  }

  @Test
  void pruneFreesTheDataOfADeletedSnapshotAndKeepsTheRest() throws Exception {
    Path gone = tmp.resolve("gone");
    Path kept = tmp.resolve("kept");
    new TreeGenerator(1).write(gone, 1_000_000);
    new TreeGenerator(2).write(kept, 1_000_000);
    CliRepo repo = CliRepo.create(tmp);
    String goneId = repo.backup(gone.toString());
    repo.backup(kept.toString());
    try (Repository r = openDirectly(repo)) {
      r.snapshots().delete(SnapshotId.fromHex(goneId));
    }

    JsonNode plan = repo.json("prune", "--dry-run");
    assertThat(plan.get("dryRun").asBoolean()).isTrue();
    assertThat(plan.get("unusedPacks").asLong() + plan.get("repackedPacks").asLong()).isPositive();
    assertThat(plan.get("packsDeleted").asLong()).isZero();
    assertThat(repo.ok("prune", "--dry-run").out()).contains("would remove", "nothing was changed");

    Cli.Result pruned = repo.ok("prune");
    assertThat(pruned.out()).contains("deleted ", "freed ");
    JsonNode again = repo.json("prune");
    assertThat(again.get("unusedPacks").asLong()).isZero();
    assertThat(again.get("waitingFor")).isEmpty();

    repo.ok("check", "--read-data");
    Path restored = tmp.resolve("restored");
    repo.ok("restore", "latest", "--target", restored.toString());
    TreeAssertions.assertSameTree(kept, restored, "restore after prune");
  }

  @Test
  void forgetWithPruneRemovesTheSnapshotAndItsData() throws Exception {
    Path gone = tmp.resolve("gone");
    Path kept = tmp.resolve("kept");
    new TreeGenerator(3).write(gone, 800_000);
    new TreeGenerator(4).write(kept, 800_000);
    CliRepo repo = CliRepo.create(tmp);
    String goneId = repo.backup(gone.toString());
    repo.backup(kept.toString());

    JsonNode dry = repo.json("forget", goneId.substring(0, 8), "--prune", "--dry-run");
    assertThat(dry.get("prune").isNull()).isTrue();
    JsonNode r = repo.json("forget", goneId.substring(0, 8), "--prune");
    assertThat(r.get("removed").asLong()).isEqualTo(1);
    assertThat(r.get("prune").get("bytesFreed").asLong()).isPositive();
    assertThat(repo.json("snapshots")).hasSize(1);
    repo.ok("check", "--read-data");
  }

  @Test
  void restoreAndCheckWithNoLockWorkWhereLocksCannotBeWritten() throws Exception {
    Path source = tmp.resolve("source");
    new TreeGenerator(5).write(source, 300_000);
    CliRepo repo = CliRepo.create(tmp);
    repo.backup(source.toString());
    // Stands in for read-only credentials: a file where the locks folder should be makes every
    // lock write fail.
    Path locks = repo.dir.resolve("locks");
    Files.deleteIfExists(locks);
    Files.writeString(locks, "not a folder");

    assertThat(repo.run("check").code()).isEqualTo(ExitCode.STORAGE.code());
    repo.ok("check", "--no-lock");
    Path restored = tmp.resolve("restored");
    repo.ok("restore", "latest", "--target", restored.toString(), "--no-lock");
    TreeAssertions.assertSameTree(source, restored, "restore without a lock");
  }

  @Test
  void pruneRefusesWhileAnotherPruneHoldsTheRepository() throws Exception {
    CliRepo repo = CliRepo.create(tmp);
    try (Repository r = openDirectly(repo);
        RepositoryLock held =
            new Locks(r, LockOwner.thisProcess("elsewhere", "ops"))
                .acquire(LockMode.EXCLUSIVE, "prune")) {
      Cli.Result refused = repo.run("prune");
      assertThat(refused.code()).isEqualTo(ExitCode.LOCKED.code());
      assertThat(refused.err())
          .contains("locked by prune by ops on host elsewhere")
          .contains("holdfast unlock");
    }
  }

  @Test
  void unlockRemovesTheLockOfADeadProcessButNotALiveOne() throws Exception {
    CliRepo repo = CliRepo.create(tmp);
    LockOwner me = LockOwner.thisProcess(Hosts.hostName(), "ghost");
    LockOwner dead = new LockOwner(me.host(), "ghost", Integer.MAX_VALUE - 1, me.pidNamespace());
    try (Repository r = openDirectly(repo);
        RepositoryLock live =
            new Locks(r, LockOwner.thisProcess(Hosts.hostName(), "alive"))
                .acquire(LockMode.SHARED, "backup")) {
      new Locks(r, dead).acquire(LockMode.SHARED, "backup"); // never released: it "crashed"

      JsonNode listed = repo.json("unlock", "--list");
      assertThat(listed.get("locks")).hasSize(2);
      assertThat(listed.get("removed")).isEmpty();
      assertThat(repo.ok("unlock", "--list").out()).contains("stale", "live", "by ghost");

      JsonNode unlocked = repo.json("unlock");
      assertThat(unlocked.get("removed")).hasSize(1);
      List<String> left =
          List.of(repo.json("unlock", "--list").get("locks").get(0).get("username").asText());
      assertThat(left).containsExactly("alive");

      assertThat(repo.json("unlock", "--remove-all").get("removed")).hasSize(1);
      assertThat(repo.ok("unlock", "--list").out()).contains("no locks");
    }
  }
}
