package dev.holdfast.server;

import static dev.holdfast.server.testing.TestServer.ADMIN;
import static dev.holdfast.server.testing.TestServer.MAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.backup.Backup;
import dev.holdfast.core.backup.BackupProgress;
import dev.holdfast.core.backup.BackupRequest;
import dev.holdfast.core.backup.BackupResult;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.ForwardingBlobStore;
import dev.holdfast.core.storage.RetryListener;
import dev.holdfast.core.storage.RetryPolicy;
import dev.holdfast.core.storage.RetryingBlobStore;
import dev.holdfast.core.testing.FaultyStore;
import dev.holdfast.core.testing.RepositoryAssertions;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.core.testing.TreeGenerator;
import dev.holdfast.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures of the server's storage reach the client with their meaning: transient ones (and lost
 * answers) as transient, so that the client's retry layer carries a backup, restore and check
 * through them; permanent ones as permanent, tried once; damage as {@link CorruptObject}.
 */
class FailureMappingTest {
  private static final long SEED = 5;

  @TempDir Path tmp;

  @Test
  void transientServerFailuresAreRetriedByTheClientWithoutDamage() throws Exception {
    AtomicReference<FaultyStore> faults = new AtomicReference<>();
    try (TestServer server =
        TestServer.start(
            tmp.resolve("server"),
            ServerLimits.defaults(),
            local -> {
              faults.set(new FaultyStore(local, SEED));
              return faults.get();
            })) {
      Path source = tmp.resolve("source");
      new TreeGenerator(SEED).write(source, 2_000_000);
      TestRepositories.init(server.client(ADMIN)).close();
      faults.get().failEverything(0.15).resetAfter(FaultyStore.Request.PUT, 0.1).truncateReads(0.1);

      BackupResult backup;
      try (Repository repo = TestRepositories.open(retrying(server.client(ADMIN)))) {
        backup = new Backup(repo).run(BackupRequest.of("node-1", source), new BackupProgress());
        assertThat(backup.problems()).as("seed %d", SEED).isEmpty();
      }
      RepositoryAssertions.restoresExactly(
          retrying(server.client(ADMIN)),
          backup.snapshot(),
          source,
          tmp.resolve("restored"),
          "seed " + SEED);
      try (Repository repo = TestRepositories.open(retrying(server.client(ADMIN)))) {
        RepositoryAssertions.checksClean(repo, "seed " + SEED);
      }
      assertThat(faults.get().injected()).as("faults injected").isPositive();
    }
  }

  @Test
  void aPermanentServerFailureIsPermanentForTheClient() {
    try (TestServer server =
        TestServer.start(
            tmp,
            ServerLimits.defaults(),
            local -> new FaultyStore(local, 1).diskFullAfterPuts(0))) {
      BlobName name = new BlobName(BlobKind.SNAPSHOT, "ab12");

      assertThatThrownBy(() -> retrying(server.client(ADMIN)).putIfAbsent(name, new byte[3]))
          .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isTrue())
          .hasMessageContaining("a retry will not help")
          .hasMessageContaining("storing snapshots/ab12");
      assertThat(server.store(MAIN).stat(name)).isEmpty();
    }
  }

  @Test
  void aDamagedBlobOnTheServerIsCorruptForTheClient() {
    BlobName name = new BlobName(BlobKind.PACK, "cd".repeat(32));
    try (TestServer server =
        TestServer.start(tmp, ServerLimits.defaults(), FailureMappingTest::damagedReads)) {
      server.store(MAIN).putIfAbsent(name, new byte[100]);

      assertThatThrownBy(() -> server.client(ADMIN).getRange(name, 0, 10))
          .isInstanceOf(CorruptObject.class)
          .hasMessageContaining(name.toString());
    }
  }

  private static BlobStore damagedReads(BlobStore inner) {
    return new ForwardingBlobStore(inner) {
      @Override
      public byte[] getRange(BlobName name, long offset, int length) {
        throw new CorruptObject(name + " is shorter than its index says");
      }
    };
  }

  /** The client as the CLI uses it, with the retry layer, retrying at once (no real waits). */
  private static BlobStore retrying(BlobStore client) {
    return new RetryingBlobStore(
        client,
        new RetryPolicy(30, Duration.ofHours(1), Duration.ZERO, Duration.ZERO),
        RetryListener.NONE,
        Clock.systemUTC(),
        delay -> {},
        new Random(SEED));
  }
}
