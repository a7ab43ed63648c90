package dev.holdfast.operator.policy;

import static dev.holdfast.operator.policy.PolicyCluster.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.UsageError;
import dev.holdfast.core.backup.BackupProgress;
import dev.holdfast.core.backup.BackupRequest;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.local.LocalBlobStore;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.operator.api.Backup;
import dev.holdfast.operator.api.BackupPolicy;
import dev.holdfast.operator.api.BackupSpec;
import dev.holdfast.operator.api.BackupStatus;
import dev.holdfast.operator.api.ObjectReference;
import dev.holdfast.operator.api.RetentionSpec;
import dev.holdfast.operator.kube.SecretValues;
import dev.holdfast.operator.repository.RepositoryConnector;
import dev.holdfast.operator.testing.KubeTestCluster;
import dev.holdfast.operator.workload.SourceNames;
import dev.holdfast.s3.testing.SettableClock;
import dev.holdfast.sast.sarif.SarifReader;
import dev.holdfast.sast.store.IngestRequest;
import dev.holdfast.sast.store.SarifIngest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention after a policy's Backup ends, against a real local repository whose snapshots the test
 * writes with holdfast-core and whose application versions have SARIF reports (one clean, one with
 * a critical finding).
 */
class PolicyRetentionTest {
  private static final String CLUSTER = "prod";
  private static final ObjectReference SHOP = new ObjectReference("shop", "data");
  private static final ObjectReference WEB = new ObjectReference("web", "site");
  private static final AppVersion CLEAN = AppVersion.parse("shop=v1");
  private static final AppVersion VULNERABLE = AppVersion.parse("shop=v2");
  private static final Instant DAY0 = Instant.parse("2025-06-01T03:00:00Z");

  @TempDir Path temp;
  private KubeTestCluster kube;
  private PolicyCluster cluster;
  private final SettableClock clock = new SettableClock(DAY0.plus(Duration.ofDays(10)));
  private PolicyRetention retention;
  private Path repoPath;
  private int files;

  @BeforeEach
  void start() {
    cluster = PolicyCluster.start(temp);
    kube = cluster.kube();
    repoPath = temp.resolve("repo");
    try (Repository repo =
        Repository.init(
            LocalBlobStore.create(repoPath),
            TestRepositories.PASSPHRASE.toCharArray(),
            TestRepositories.options(),
            "testhost",
            "tester",
            clock)) {
      ingest(repo, CLEAN, "[]");
      ingest(
          repo,
          VULNERABLE,
          "[{\"ruleId\":\"R\",\"level\":\"error\",\"message\":{\"text\":\"injection\"},"
              + "\"partialFingerprints\":{\"f\":\"1\"}}]");
    }
    retention =
        new PolicyRetention(
            cluster.client(),
            new RepositoryConnector(new SecretValues(cluster.client()), clock, Optional::empty),
            CLUSTER,
            clock);
  }

  @AfterEach
  void stop() {
    kube.close();
  }

  @Test
  void forgetKeepsTheRulesAndTheNewestCleanSnapshotsOfThatClaimOnlyThenPrunes() throws IOException {
    // shop/data: three clean days, then three written while a vulnerable version ran
    List<Snapshot> shop = new ArrayList<>();
    for (int day = 0; day < 6; day++) {
      shop.add(snapshot(SHOP, day, day < 3 ? CLEAN : VULNERABLE));
    }
    List<Snapshot> web = List.of(snapshot(WEB, 0, CLEAN), snapshot(WEB, 1, CLEAN));
    long packBytesBefore = packBytes();
    policy(new RetentionSpec(1, null, null, null, null, null, null, 2, null, null));

    retention.completed(endedBackup(SHOP));

    // the newest (keepLast 1) and the two newest clean ones (keepLastClean 2) stay
    assertThat(ids(SHOP))
        .containsExactlyInAnyOrder(
            ids(shop.get(5), shop.get(2), shop.get(1)).toArray(String[]::new));
    assertThat(ids(WEB)).containsExactlyInAnyOrderElementsOf(ids(web.toArray(Snapshot[]::new)));
    // each snapshot had 64 KiB of its own random data: three snapshots' worth is gone
    assertThat(packBytes()).isLessThan(packBytesBefore - 3 * 60_000);
  }

  @Test
  void runningItAgainChangesNothing() throws IOException {
    for (int day = 0; day < 4; day++) {
      snapshot(SHOP, day, VULNERABLE);
    }
    policy(new RetentionSpec(2, null, null, null, null, null, null, null, null, null));
    retention.completed(endedBackup(SHOP));
    List<String> after = ids(SHOP);
    long bytes = packBytes();

    retention.completed(endedBackup(SHOP));

    assertThat(after).hasSize(2);
    assertThat(ids(SHOP)).containsExactlyInAnyOrderElementsOf(after);
    assertThat(packBytes()).isEqualTo(bytes);
  }

  @Test
  void withPruneOffTheDataStaysAndWithoutKeepRulesEverythingStays() throws IOException {
    for (int day = 0; day < 3; day++) {
      snapshot(SHOP, day, VULNERABLE);
    }
    long bytes = packBytes();
    policy(new RetentionSpec(null, null, null, null, null, null, null, 0, "critical", null));

    retention.completed(endedBackup(SHOP));
    assertThat(ids(SHOP)).hasSize(3);

    updatePolicy(new RetentionSpec(1, null, null, null, null, null, null, 0, null, false));
    retention.completed(endedBackup(SHOP));

    assertThat(ids(SHOP)).hasSize(1);
    assertThat(packBytes()).isEqualTo(bytes);
  }

  @Test
  void pruneRunsAtMostOnceAnHourPerRepository() throws IOException {
    for (int day = 0; day < 2; day++) {
      snapshot(SHOP, day, VULNERABLE);
    }
    policy(new RetentionSpec(1, null, null, null, null, null, null, 0, null, null));
    retention.completed(endedBackup(SHOP));
    snapshot(SHOP, 2, VULNERABLE);
    long bytes = packBytes();

    clock.advance(Duration.ofMinutes(59));
    retention.completed(endedBackup(SHOP));
    assertThat(ids(SHOP)).hasSize(1);
    assertThat(packBytes()).isEqualTo(bytes);

    snapshot(SHOP, 3, VULNERABLE);
    clock.advance(Duration.ofMinutes(1));
    retention.completed(endedBackup(SHOP));
    assertThat(packBytes()).isLessThan(bytes);
  }

  @Test
  void aBackupMadeByHandOrByAPolicyWithoutRetentionIsLeftAlone() throws IOException {
    snapshot(SHOP, 0, CLEAN);
    snapshot(SHOP, 1, CLEAN);
    policy(null);

    retention.completed(endedBackup(SHOP));
    Backup byHand = endedBackup(SHOP);
    byHand.setSpec(new BackupSpec("repo", SHOP, null, null, null, null, null));
    retention.completed(byHand);

    assertThat(ids(SHOP)).hasSize(2);
  }

  @Test
  void anInvalidRuleIsAnErrorNamingTheField() {
    policy(new RetentionSpec(null, null, null, null, null, null, "7w", null, null, null));

    assertThatThrownBy(() -> retention.completed(endedBackup(SHOP)))
        .isInstanceOf(UsageError.class)
        .hasMessageStartingWith("spec.retention.keepWithin: '7w'");
  }

  private void policy(RetentionSpec spec) {
    cluster.policy("nightly", PolicySpecs.on("@daily-random").retention(spec).build());
  }

  private void updatePolicy(RetentionSpec spec) {
    BackupPolicy policy =
        cluster.client().resources(BackupPolicy.class).inNamespace(NS).withName("nightly").get();
    policy.setSpec(PolicySpecs.on("@daily-random").retention(spec).build());
    cluster.client().resource(policy).update();
  }

  private Backup endedBackup(ObjectReference claim) {
    Backup backup = new Backup();
    backup.getMetadata().setName("nightly-" + claim.name());
    backup.getMetadata().setNamespace(NS);
    backup.setSpec(new BackupSpec("repo", claim, "nightly", null, null, null, null));
    backup.setStatus(
        new BackupStatus(
            "Completed",
            "node-1",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null));
    return backup;
  }

  /**
   * Backs up 64 KiB of new random data for {@code claim} as of {@code day}, recording {@code app}.
   */
  private Snapshot snapshot(ObjectReference claim, int day, AppVersion app) throws IOException {
    Path folder = temp.resolve("data-" + files++);
    Files.createDirectories(folder);
    byte[] content = new byte[64 * 1024];
    new Random(files).nextBytes(content);
    Files.write(folder.resolve("pages.db"), content);
    BackupRequest request =
        new BackupRequest(
            List.of(folder),
            Optional.of(SourceNames.of(CLUSTER, claim)),
            List.of(),
            List.of(),
            new TreeMap<>(),
            List.of(app),
            Optional.empty(),
            false,
            Optional.of(OffsetDateTime.ofInstant(DAY0.plus(Duration.ofDays(day)), ZoneOffset.UTC)),
            "node-1",
            "");
    try (Repository repo = open()) {
      return new dev.holdfast.core.backup.Backup(repo)
          .run(request, new BackupProgress())
          .snapshot();
    }
  }

  private static void ingest(Repository repo, AppVersion version, String results) {
    String sarif =
        "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"T\",\"rules\":[{\"id\":"
            + "\"R\",\"properties\":{\"security-severity\":\"9.5\"}}]}},\"results\":"
            + results
            + "}]}";
    new SarifIngest(repo, SarifReader.withDefaults())
        .ingest(
            new IngestRequest(version.name(), Optional.of(version.version()), "test.sarif"),
            new ByteArrayInputStream(sarif.getBytes(StandardCharsets.UTF_8)));
  }

  private Repository open() {
    return Repository.open(
        LocalBlobStore.open(repoPath), TestRepositories.PASSPHRASE.toCharArray(), clock);
  }

  private List<String> ids(ObjectReference claim) {
    try (Repository repo = open()) {
      return repo.snapshots().list().snapshots().stream()
          .filter(s -> s.source().equals(SourceNames.of(CLUSTER, claim)))
          .map(s -> s.id().toHex())
          .toList();
    }
  }

  private static List<String> ids(Snapshot... snapshots) {
    return java.util.Arrays.stream(snapshots).map(s -> s.id().toHex()).collect(Collectors.toList());
  }

  private long packBytes() {
    try (Repository repo = open()) {
      return repo.store().list(BlobKind.PACK).stream().mapToLong(BlobInfo::size).sum();
    }
  }
}
