package dev.holdfast.operator;

import static dev.holdfast.operator.testing.KubeTestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.operator.api.BackupRepository;
import dev.holdfast.operator.api.BackupRepositorySpec;
import dev.holdfast.operator.api.SecretKeyReference;
import dev.holdfast.operator.kube.Conditions;
import dev.holdfast.operator.testing.KubeTestCluster;
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
