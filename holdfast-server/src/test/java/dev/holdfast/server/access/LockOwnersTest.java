package dev.holdfast.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.server.protocol.RepositoryName;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockOwnersTest {
  private static final RepositoryName MAIN = new RepositoryName("main");
  private static final RepositoryName OTHER = new RepositoryName("other");
  private static final BlobName LOCK = new BlobName(BlobKind.LOCK, "ab".repeat(32));
  private static final ClientIdentity AGENT = new ClientIdentity("spiffe://holdfast/agent/n1");

  @TempDir Path tmp;

  @Test
  void ownersInADirectorySurviveARestartOfTheServer() {
    LockOwners.inDirectory(tmp).record(MAIN, LOCK, AGENT);

    LockOwners afterRestart = LockOwners.inDirectory(tmp);

    assertThat(afterRestart.owner(MAIN, LOCK)).contains(AGENT);
    assertThat(afterRestart.owner(OTHER, LOCK)).as("per repository").isEmpty();
    afterRestart.forget(MAIN, LOCK);
    assertThat(LockOwners.inDirectory(tmp).owner(MAIN, LOCK)).isEmpty();
  }

  @Test
  void ownersInMemoryAreKeptPerRepositoryAndForgotten() {
    LockOwners owners = LockOwners.inMemory();
    owners.record(MAIN, LOCK, AGENT);

    assertThat(owners.owner(MAIN, LOCK)).contains(AGENT);
    assertThat(owners.owner(OTHER, LOCK)).isEmpty();
    owners.forget(MAIN, LOCK);
    assertThat(owners.owner(MAIN, LOCK)).isEmpty();
  }
}
