package dev.holdfast.operator.policy;

import static dev.holdfast.operator.testing.KubeTestCluster.await;

import dev.holdfast.operator.HoldfastOperator;
import dev.holdfast.operator.OperatorSettings;
import dev.holdfast.operator.api.Backup;
import dev.holdfast.operator.api.BackupPolicy;
import dev.holdfast.operator.api.BackupPolicySpec;
import dev.holdfast.operator.api.BackupRepository;
import dev.holdfast.operator.api.BackupRepositorySpec;
import dev.holdfast.operator.api.Restore;
import dev.holdfast.operator.api.SecretKeyReference;
import dev.holdfast.operator.testing.KubeTestCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The cluster of a policy test: the operator's namespace with a repository resource, claims in
 * other namespaces, and short ways to create and read policies and what they create.
 */
final class PolicyCluster {
  /** The namespace of the operator, its repositories, policies, Backups and Restores. */
  static final String NS = "holdfast";

  private final KubeTestCluster cluster;
  private final AtomicInteger nudges = new AtomicInteger();

  PolicyCluster(KubeTestCluster cluster) {
    this.cluster = cluster;
  }

  /**
   * A mock cluster with the operator's namespace holding repository {@code repo} (a folder in
   * {@code temp}), and {@code claimNamespaces}.
   */
  static PolicyCluster start(Path temp, String... claimNamespaces) {
    KubeTestCluster kube = KubeTestCluster.start();
    kube.namespace(NS);
    for (String namespace : claimNamespaces) {
      kube.namespace(namespace);
    }
    PolicyCluster cluster = new PolicyCluster(kube);
    cluster.repository("repo", temp.resolve("repo").toString());
    return cluster;
  }

  /** The mock cluster. */
  KubeTestCluster kube() {
    return cluster;
  }

  /** Starts the operator with {@code clock}; it stops when the cluster closes. */
  HoldfastOperator startOperator(Clock clock) {
    return cluster.startOperator(OperatorSettings.defaults().withClock(clock));
  }

  KubernetesClient client() {
    return cluster.client();
  }

  /** Creates a BackupRepository resource {@code name} for a local folder, with its Secret. */
  void repository(String name, String folder) {
    if (client().secrets().inNamespace(NS).withName("repo-pass").get() == null) {
      cluster.secret(NS, "repo-pass", Map.of("passphrase", "correct horse battery staple"));
    }
    BackupRepository repository = new BackupRepository();
    repository.getMetadata().setName(name);
    repository.getMetadata().setNamespace(NS);
    repository.setSpec(
        new BackupRepositorySpec(
            folder,
            new SecretKeyReference("repo-pass", "passphrase"),
            null,
            null,
            null,
            null,
            null,
            null,
            null));
    client().resource(repository).create();
  }

  /** Creates claim {@code namespace/name} of 1Gi with {@code labels}. */
  PersistentVolumeClaim claim(String namespace, String name, Map<String, String> labels) {
    return client()
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .withRequests(Map.of("storage", new Quantity("1Gi")))
                .endResources()
                .endSpec()
                .build())
        .create();
  }

  /**
   * Wakes the policies that look at {@code namespace} by creating a claim there that none selects
   * (labelled as a test-restore scratch claim), as a new claim would.
   */
  void nudge(String namespace) {
    claim(
        namespace,
        "nudge-" + nudges.incrementAndGet(),
        Map.of(PolicyNames.TEST_RESTORE_LABEL, "none"));
  }

  /** Creates policy {@code name} in the operator's namespace. */
  BackupPolicy policy(String name, BackupPolicySpec spec) {
    BackupPolicy policy = new BackupPolicy();
    policy.getMetadata().setName(name);
    policy.getMetadata().setNamespace(NS);
    policy.setSpec(spec);
    return client().resource(policy).create();
  }

  /** Policy {@code name} once {@code done} accepts it. */
  BackupPolicy awaitPolicy(String name, String what, Predicate<BackupPolicy> done) {
    return await(
        "BackupPolicy " + name + ": " + what,
        () -> client().resources(BackupPolicy.class).inNamespace(NS).withName(name).get(),
        p -> p.getStatus() != null && done.test(p));
  }

  /** The Backups in the operator's namespace. */
  List<Backup> backups() {
    return client().resources(Backup.class).inNamespace(NS).list().getItems();
  }

  /** The Restores in the operator's namespace. */
  List<Restore> restores() {
    return client().resources(Restore.class).inNamespace(NS).list().getItems();
  }

  /** The events about the object named {@code name} in the operator's namespace. */
  List<Event> events(String name) {
    return client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
