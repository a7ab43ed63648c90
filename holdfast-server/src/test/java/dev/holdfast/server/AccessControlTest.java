package dev.holdfast.server;

import static dev.holdfast.server.testing.TestServer.ADMIN;
import static dev.holdfast.server.testing.TestServer.AGENT;
import static dev.holdfast.server.testing.TestServer.AGENT_2;
import static dev.holdfast.server.testing.TestServer.MAIN;
import static dev.holdfast.server.testing.TestServer.OUTSIDER;
import static dev.holdfast.server.testing.TestServer.RESTORER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.RepositoryNotFound;
import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.backup.Backup;
import dev.holdfast.core.backup.BackupProgress;
import dev.holdfast.core.backup.BackupRequest;
import dev.holdfast.core.backup.BackupResult;
import dev.holdfast.core.lock.LockMode;
import dev.holdfast.core.lock.LockOwner;
import dev.holdfast.core.lock.Locks;
import dev.holdfast.core.lock.RepositoryLock;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.testing.RepositoryAssertions;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.core.testing.TreeGenerator;
import dev.holdfast.server.protocol.RepositoryName;
import dev.holdfast.server.testing.RawHttps;
import dev.holdfast.server.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authorisation by client identity, through the engine's own jobs: an append-only agent backs up
 * but cannot remove anything but its own locks, a read-only identity restores (holding a lock) but
 * stores no data, refusals are 403 naming the identity and the missing permission, and a repository
 * the identity has no rights in looks exactly like one that does not exist.
 */
class AccessControlTest {
  @TempDir Path tmp;

  private TestServer server;
  private Path source;
  private BackupResult backup;

  @BeforeEach
  void backUpAsTheAgent() throws Exception {
    server = TestServer.start(tmp.resolve("server"));
    source = tmp.resolve("source");
    new TreeGenerator(7).write(source, 600_000);
    TestRepositories.init(server.client(AGENT)).close();
    try (Repository repo = TestRepositories.open(server.client(AGENT))) {
      backup = new Backup(repo).run(BackupRequest.of("node-1", source), new BackupProgress());
    }
    assertThat(backup.problems()).isEmpty();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void anAppendOnlyIdentityCannotDeleteWhatItBackedUp() {
    BlobStore agent = server.client(AGENT);
    List<BlobName> kept =
        List.of(
            name(BlobKind.SNAPSHOT), name(BlobKind.PACK), name(BlobKind.INDEX), BlobName.CONFIG);

    for (BlobName blob : kept) {
      assertThatThrownBy(() -> agent.delete(blob))
          .as("deleting %s", blob)
          .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isTrue())
          .hasMessageContaining(AGENT.value())
          .hasMessageContaining("lacks the delete permission")
          .hasMessageContaining("403");
      assertThat(server.store(MAIN).stat(blob)).as("%s after the refusal", blob).isPresent();
    }
  }

  @Test
  void aRefusalIs403WithAJsonBodyNamingIdentityAndPermission() throws Exception {
    BlobName snapshot = name(BlobKind.SNAPSHOT);
    try (RawHttps http = server.connect(AGENT)) {
      RawHttps.Answer answer = http.exchange("DELETE", "/main/snapshots/" + snapshot.name(), null);

      assertThat(answer.status()).isEqualTo(403);
      assertThat(answer.headers()).containsEntry("holdfast-error", "forbidden");
      assertThat(answer.text())
          .contains("\"error\":\"forbidden\"")
          .contains("\"identity\":\"" + AGENT.value() + "\"")
          .contains("\"permission\":\"delete\"");
    }
  }

  @Test
  void aReadOnlyIdentityRestoresUnderALockButStoresNoData() throws Exception {
    try (Repository repo = TestRepositories.open(server.client(RESTORER));
        RepositoryLock lock = locks(repo, "restore-host").acquire(LockMode.SHARED, "restore")) {
      assertThat(server.store(MAIN).list(BlobKind.LOCK)).hasSize(1);
      RepositoryAssertions.restoresExactly(
          server.client(RESTORER), backup.snapshot(), source, tmp.resolve("restored"), "restorer");
    }
    assertThat(server.store(MAIN).list(BlobKind.LOCK)).as("released").isEmpty();

    BlobName pack = new BlobName(BlobKind.PACK, "ab".repeat(32));
    assertThatThrownBy(() -> server.client(RESTORER).putIfAbsent(pack, new byte[10]))
        .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isTrue())
        .hasMessageContaining(RESTORER.value())
        .hasMessageContaining("lacks the append permission");
    assertThat(server.store(MAIN).stat(pack)).isEmpty();
    // A large upload asks to continue first: the refusal comes before its body is sent.
    assertThatThrownBy(() -> server.client(RESTORER).putIfAbsent(pack, new byte[8 << 20]))
        .isInstanceOf(StorageUnavailable.class)
        .hasMessageContaining("lacks the append permission");
    assertThat(server.store(MAIN).stat(pack)).isEmpty();
  }

  @Test
  void aLockCanBeRemovedByItsWriterOrByADeleterButNotByAnotherWriter() {
    try (Repository repo = TestRepositories.open(server.client(AGENT));
        RepositoryLock held = locks(repo, "node-1").acquire(LockMode.SHARED, "backup")) {
      BlobName lock = server.store(MAIN).list(BlobKind.LOCK).get(0).name();

      assertThatThrownBy(() -> server.client(AGENT_2).delete(lock))
          .isInstanceOf(StorageUnavailable.class)
          .hasMessageContaining(AGENT_2.value())
          .hasMessageContaining("not stored by this identity");
      assertThat(server.store(MAIN).stat(lock)).isPresent();

      server.client(ADMIN).delete(lock);
      assertThat(server.store(MAIN).stat(lock)).isEmpty();
    }
    try (Repository repo = TestRepositories.open(server.client(AGENT))) {
      locks(repo, "node-1").acquire(LockMode.SHARED, "backup").close();
    }
    assertThat(server.store(MAIN).list(BlobKind.LOCK)).as("released by its writer").isEmpty();
  }

  @Test
  void deletionRecordsNeedTheDeletePermission() {
    BlobName record = new BlobName(BlobKind.DELETION, "cd".repeat(32));

    assertThatThrownBy(() -> server.client(AGENT).putIfAbsent(record, new byte[32]))
        .isInstanceOf(StorageUnavailable.class)
        .hasMessageContaining("lacks the delete permission");
    assertThat(server.client(ADMIN).putIfAbsent(record, new byte[32])).isTrue();
  }

  @Test
  void aRepositoryWithoutRightsLooksLikeOneThatDoesNotExist() throws Exception {
    RawHttps.Answer unknown;
    RawHttps.Answer withoutRights;
    try (RawHttps http = server.connect(OUTSIDER)) {
      unknown = http.exchange("GET", "/nope/config", null);
      withoutRights = http.exchange("GET", "/main/config", null);
    }

    for (RawHttps.Answer answer : List.of(unknown, withoutRights)) {
      assertThat(answer.status()).isEqualTo(404);
      assertThat(answer.headers()).containsEntry("holdfast-error", "no-such-repository");
      assertThat(answer.text()).doesNotContain("other");
    }
    assertThat(withoutRights.text()).isEqualTo(unknown.text().replace("nope", "main"));

    assertThatThrownBy(() -> TestRepositories.open(server.client(OUTSIDER, MAIN)))
        .isInstanceOf(RepositoryNotFound.class)
        .hasMessageContaining("there is no repository main on");
    RepositoryName nope = new RepositoryName("nope");
    assertThatThrownBy(() -> server.client(ADMIN, nope).stat(BlobName.CONFIG))
        .isInstanceOf(RepositoryNotFound.class)
        .hasMessageContaining("there is no repository nope on");
  }

  @Test
  void aDeleterCanRemoveSnapshots() {
    BlobName snapshot = name(BlobKind.SNAPSHOT);

    server.client(ADMIN).delete(snapshot);

    assertThat(server.store(MAIN).stat(snapshot)).isEmpty();
  }

  private BlobName name(BlobKind kind) {
    List<BlobInfo> blobs = server.store(MAIN).list(kind);
    assertThat(blobs).as("%s blobs", kind).isNotEmpty();
    return blobs.get(0).name();
  }

  private static Locks locks(Repository repo, String host) {
    return new Locks(repo, LockOwner.thisProcess(host, "tester"));
  }
}
