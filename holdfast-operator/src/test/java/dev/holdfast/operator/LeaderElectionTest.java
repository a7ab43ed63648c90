package dev.holdfast.operator;

import static dev.holdfast.operator.testing.KubeTestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.operator.api.BackupRepository;
import dev.holdfast.operator.api.BackupRepositorySpec;
import dev.holdfast.operator.api.SecretKeyReference;
import dev.holdfast.operator.kube.Conditions;
import dev.holdfast.operator.testing.Gauges;
import dev.holdfast.operator.testing.KubeTestCluster;
import dev.holdfast.tls.metrics.CertificateMetrics;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two replicas share one Lease: one reconciles, and the other takes over when it goes. */
class LeaderElectionTest {
  private static final String NS = "holdfast";

  @TempDir Path temp;
  private KubeTestCluster cluster;

  @BeforeEach
  void start() {
    cluster = KubeTestCluster.start();
    cluster.namespace(NS);
    cluster.secret(NS, "repo-pass", Map.of("passphrase", "leader election test"));
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void theStandbyTakesOverWhenTheLeaderStops() {
    HoldfastOperator first = replica("replica-a");
    await("replica-a to hold the lease", this::holder, "replica-a"::equals);
    replica("replica-b");
    createRepository("one");
    awaitReady("one");
    assertThat(holder()).isEqualTo("replica-a");

    first.close();

    await("replica-b to take the lease", this::holder, "replica-b"::equals);
    createRepository("two");
    awaitReady("two");
  }

  @Test
  void onlyTheLeaderWatchesCertificateExpiryAndTheStandbyStartsWhenItTakesOver() {
    // a TLS Secret whose tls.crt is no certificate: the watcher that sees it exports it as down
    cluster
        .client()
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("broken-tls")
                .endMetadata()
                .withType("kubernetes.io/tls")
                .withStringData(Map.of("tls.crt", "not a certificate", "tls.key", "nothing"))
                .build())
        .create();
    HoldfastOperator first = replica("replica-a");
    await("replica-a to hold the lease", this::holder, "replica-a"::equals);
    HoldfastOperator second = replica("replica-b");
    await("replica-a to export broken-tls", () -> sourceUp(first), v -> v != null && v == 0.0);
    // replica-b has had its chances to take the lease (retry period 250 ms) and stays a standby
    createRepository("one");
    awaitReady("one");
    assertThat(first.watchesExpiry()).isTrue();
    assertThat(second.watchesExpiry()).isFalse();
    assertThat(sourceUp(second)).isNull();

    first.close();

    await("replica-b to export broken-tls", () -> sourceUp(second), v -> v != null && v == 0.0);
    assertThat(first.watchesExpiry()).isFalse();
    assertThat(sourceUp(first)).as("the gauges leave with the watch").isNull();
  }

  @Test
  void timingsThatCannotWorkAreRefused() {
    assertThatThrownBy(
            () ->
                new LeaderElection(
                    "l",
                    NS,
                    "x",
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(2),
                    false))
        .hasMessageContaining("retryPeriod < renewDeadline < leaseDuration");
  }

  private HoldfastOperator replica(String identity) {
    LeaderElection election =
        new LeaderElection(
            "holdfast-operator",
            NS,
            identity,
            Duration.ofSeconds(3),
            Duration.ofSeconds(2),
            Duration.ofMillis(250),
            false);
    return cluster.startOperator(OperatorSettings.defaults(), Optional.of(election));
  }

  private static Double sourceUp(HoldfastOperator replica) {
    return Gauges.value(
        replica.metrics().registry(), CertificateMetrics.SOURCE_UP, Map.of("secret", "broken-tls"));
  }

  private String holder() {
    Lease lease = cluster.client().leases().inNamespace(NS).withName("holdfast-operator").get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private void createRepository(String name) {
    BackupRepository resource = new BackupRepository();
    resource.getMetadata().setName(name);
    resource.getMetadata().setNamespace(NS);
    resource.setSpec(
        new BackupRepositorySpec(
            temp.resolve(name).toString(),
            new SecretKeyReference("repo-pass", "passphrase"),
            null,
            null,
            null,
            null,
            null,
            null,
            null));
    cluster.client().resources(BackupRepository.class).inNamespace(NS).resource(resource).create();
  }

  private void awaitReady(String name) {
    await(
        "BackupRepository " + name + " to be reconciled",
        () ->
            cluster.client().resources(BackupRepository.class).inNamespace(NS).withName(name).get(),
        r ->
            r.getStatus() != null
                && Conditions.isTrue(r.getStatus().conditions(), Conditions.READY));
  }
}
