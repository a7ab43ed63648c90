package dev.holdfast.operator.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.UsageError;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.operator.api.ObjectReference;
import dev.holdfast.operator.api.Restore;
import dev.holdfast.operator.api.RestoreSpec;
import dev.holdfast.sast.sarif.SarifReader;
import dev.holdfast.sast.store.IngestRequest;
import dev.holdfast.sast.store.SarifIngest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The choices that need no cluster: the shape of the source, and whose versions judge. */
class SnapshotChoiceTest {
  private static final Path CLEAN_REPORT =
      Path.of("../holdfast-sast/src/test/resources/sarif-corpus/shiftleft-bash-report.sarif");

  @TempDir Path temp;
  private Repository repo;
  private final SnapshotChoice choice = new SnapshotChoice(null, RestoreScenario.CLUSTER);

  @BeforeEach
  void open() {
    repo = TestRepositories.init(new InMemoryBlobStore());
  }

  @AfterEach
  void close() {
    repo.close();
  }

  @Test
  void aSourceWithTwoChoicesIsRefused() {
    Restore restore = restore(new RestoreSpec.RestoreSource("3fa2c1d0", "nightly-1", null));

    assertThatThrownBy(() -> choice.choose(restore, repo))
        .isInstanceOf(UsageError.class)
        .hasMessage("spec.source: give exactly one of snapshot, backup, latestClean");
  }

  @Test
  void latestIsNotAcceptedForASnapshotId() {
    Restore restore = restore(new RestoreSpec.RestoreSource("latest", null, null));

    assertThatThrownBy(() -> choice.choose(restore, repo))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("give a snapshot id");
  }

  @Test
  void latestCleanJudgesOnlyTheNamedApplicationsVersions() throws Exception {
    Path data = Files.createDirectories(temp.resolve("data"));
    Files.writeString(data.resolve("state.txt"), "state");
    Snapshot snap =
        RestoreScenario.backup(
            repo,
            data,
            "data",
            OffsetDateTime.of(2026, 11, 23, 2, 0, 0, 0, ZoneOffset.UTC),
            new AppVersion("shop", "v1"),
            new AppVersion("log-shipper", "s1"));
    try (InputStream in = Files.newInputStream(CLEAN_REPORT)) {
      new SarifIngest(repo, SarifReader.withDefaults())
          .ingest(new IngestRequest("shop", Optional.of("v1"), "bash.sarif"), in);
    }
    ObjectReference claim = new ObjectReference(RestoreScenario.APP, "data");

    SnapshotChoice.Chosen shop =
        choice.choose(
            restore(
                new RestoreSpec.RestoreSource(
                    null, null, new RestoreSpec.LatestClean(claim, "shop", null))),
            repo);
    assertThat(shop.snapshot().id()).isEqualTo(snap.id());
    assertThat(shop.snapshot().appVersions()).as("the original, not the judged view").hasSize(2);
    assertThat(shop.skipped()).isEmpty();

    assertThatThrownBy(
            () ->
                choice.choose(
                    restore(
                        new RestoreSpec.RestoreSource(
                            null, null, new RestoreSpec.LatestClean(claim, null, null))),
                    repo))
        .isInstanceOfSatisfying(
            NoCleanSnapshot.class,
            e ->
                assertThat(e.skipped())
                    .singleElement()
                    .asString()
                    .contains("unknown: no report for log-shipper=s1"));
  }

  private static Restore restore(RestoreSpec.RestoreSource source) {
    Restore restore = new Restore();
    restore.getMetadata().setName("r");
    restore.getMetadata().setNamespace(RestoreScenario.OPS);
    restore.setSpec(
        new RestoreSpec(
            RestoreScenario.REPOSITORY, source, RestoreScenario.newClaim("restored"), null, null));
    return restore;
  }
}
