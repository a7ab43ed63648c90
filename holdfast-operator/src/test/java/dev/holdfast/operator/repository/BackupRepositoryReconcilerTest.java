package dev.holdfast.operator.repository;

import static dev.holdfast.operator.testing.KubeTestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.operator.HoldfastOperator;
import dev.holdfast.operator.OperatorSettings;
import dev.holdfast.operator.api.BackupRepository;
import dev.holdfast.operator.api.BackupRepositorySpec;
import dev.holdfast.operator.api.SecretKeyReference;
import dev.holdfast.operator.api.SecretReference;
import dev.holdfast.operator.kube.Conditions;
import dev.holdfast.operator.metrics.RepositoryMetrics;
import dev.holdfast.operator.testing.KubeTestCluster;
import dev.holdfast.s3.S3Location;
import dev.holdfast.s3.testing.LocalS3;
import dev.holdfast.s3.testing.S3ProxyServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class BackupRepositoryReconcilerTest {
  private static final String NS = "holdfast";
  private static final String PASSPHRASE = "correct horse battery staple";

  @RegisterExtension static final LocalS3 S3 = new LocalS3();

  @TempDir Path temp;
  private KubeTestCluster cluster;
  private HoldfastOperator operator;

  @BeforeEach
  void start() {
    cluster = KubeTestCluster.start();
    cluster.namespace(NS);
    cluster.secret(NS, "repo-pass", Map.of("passphrase", PASSPHRASE + "\n"));
    operator = cluster.startOperator(OperatorSettings.defaults());
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void anEmptyFolderBecomesARepositoryAndIsReportedReachable() {
    Path folder = temp.resolve("repo");
    create("local", spec(folder.toString(), "passphrase", null));

    BackupRepository seen = awaitReady("local", true);

    assertThat(seen.getStatus().reachable()).isTrue();
    assertThat(seen.getStatus().snapshotCount()).isZero();
    assertThat(seen.getStatus().observedGeneration()).isEqualTo(1L);
    assertThat(Files.exists(folder.resolve("config"))).isTrue();
    assertThat(events("local")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Reachable"));
    assertThat(gauge(RepositoryMetrics.REACHABLE, "local")).isEqualTo(1.0);
    assertThat(gauge(RepositoryMetrics.SNAPSHOTS, "local")).isEqualTo(0.0);
  }

  @Test
  void aWrongPassphraseIsReportedWithoutRevealingIt() {
    Path folder = temp.resolve("repo");
    create("first", spec(folder.toString(), "passphrase", null));
    awaitReady("first", true);
    cluster.secret(NS, "other-pass", Map.of("passphrase", "not the passphrase"));

    create("second", spec(folder.toString(), "passphrase", "other-pass"));
    BackupRepository seen = awaitReady("second", false);

    Condition ready =
        Conditions.find(seen.getStatus().conditions(), Conditions.READY).orElseThrow();
    assertThat(ready.getReason()).isEqualTo("WrongPassphrase");
    assertThat(ready.getMessage()).doesNotContain("not the passphrase");
    assertThat(seen.getStatus().reachable()).isFalse();
    assertThat(gauge(RepositoryMetrics.REACHABLE, "second")).isEqualTo(0.0);
    assertThat(events("second"))
        .anySatisfy(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getMessage()).doesNotContain("not the passphrase");
            });
  }

  @Test
  void aMissingSecretKeyIsNamed() {
    create("nokey", spec(temp.resolve("r").toString(), "missing-key", null));

    BackupRepository seen = awaitReady("nokey", false);

    assertThat(
            Conditions.find(seen.getStatus().conditions(), Conditions.READY)
                .orElseThrow()
                .getMessage())
        .isEqualTo("Secret holdfast/repo-pass has no key 'missing-key'");
    assertThat(Files.exists(temp.resolve("r"))).isFalse();
  }

  @Test
  void anS3BucketWithCredentialsFromASecretIsCreatedAndOpened() {
    S3Location bucket = S3.newBucket("operator");
    cluster.secret(
        NS,
        "s3-creds",
        Map.of(
            "accessKeyId", S3ProxyServer.ACCESS_KEY,
            "secretAccessKey", S3ProxyServer.SECRET_KEY));
    String url = bucket.toString();
    create(
        "s3",
        new BackupRepositorySpec(
            url,
            new SecretKeyReference("repo-pass", "passphrase"),
            new SecretReference("s3-creds"),
            null,
            true,
            null,
            true,
            null,
            null));

    BackupRepository seen = awaitReady("s3", true);

    assertThat(seen.getStatus().snapshotCount()).isZero();
  }

  private BackupRepositorySpec spec(String url, String key, String secret) {
    return new BackupRepositorySpec(
        url,
        new SecretKeyReference(secret == null ? "repo-pass" : secret, key),
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private void create(String name, BackupRepositorySpec spec) {
    BackupRepository resource = new BackupRepository();
    resource.getMetadata().setName(name);
    resource.getMetadata().setNamespace(NS);
    resource.setSpec(spec);
    cluster.client().resources(BackupRepository.class).inNamespace(NS).resource(resource).create();
  }

  private BackupRepository awaitReady(String name, boolean ready) {
    return await(
        "BackupRepository " + name + " Ready=" + ready,
        () ->
            cluster.client().resources(BackupRepository.class).inNamespace(NS).withName(name).get(),
        r ->
            r.getStatus() != null
                && Conditions.find(r.getStatus().conditions(), Conditions.READY)
                    .map(c -> c.getStatus().equals(ready ? "True" : "False"))
                    .orElse(false));
  }

  private double gauge(String name, String repository) {
    return operator.metrics().registry().scrape().stream()
        .filter(m -> m.getMetadata().getPrometheusName().equals(name))
        .flatMap(m -> ((GaugeSnapshot) m).getDataPoints().stream())
        .filter(p -> repository.equals(p.getLabels().get("repository")))
        .mapToDouble(GaugeSnapshot.GaugeDataPointSnapshot::getValue)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " for " + repository));
  }

  private List<Event> events(String name) {
    return cluster.client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
