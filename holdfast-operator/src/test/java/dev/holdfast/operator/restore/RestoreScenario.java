package dev.holdfast.operator.restore;

import static dev.holdfast.operator.testing.KubeTestCluster.await;

import dev.holdfast.core.backup.Backup;
import dev.holdfast.core.backup.BackupProgress;
import dev.holdfast.core.backup.BackupRequest;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.storage.local.LocalBlobStore;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.operator.HoldfastOperator;
import dev.holdfast.operator.OperatorSettings;
import dev.holdfast.operator.agent.AgentSettings;
import dev.holdfast.operator.api.BackupRepository;
import dev.holdfast.operator.api.BackupRepositorySpec;
import dev.holdfast.operator.api.BackupSpec;
import dev.holdfast.operator.api.BackupStatus;
import dev.holdfast.operator.api.ObjectReference;
import dev.holdfast.operator.api.Restore;
import dev.holdfast.operator.api.RestoreSpec;
import dev.holdfast.operator.api.SecretKeyReference;
import dev.holdfast.operator.api.SecretReference;
import dev.holdfast.operator.backup.BackupRunSettings;
import dev.holdfast.operator.certs.CertificateSettings;
import dev.holdfast.operator.testing.EndedBackups;
import dev.holdfast.operator.testing.KubeTestCluster;
import dev.holdfast.operator.testing.StatusWrites;
import dev.holdfast.s3.S3BlobStore;
import dev.holdfast.s3.S3Location;
import dev.holdfast.s3.testing.LocalS3;
import dev.holdfast.s3.testing.S3ProxyServer;
import dev.holdfast.s3.testing.SettableClock;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A cluster for restore scenarios: the mock API with the operator and the agent of one node, a
 * repository the test backs up into with holdfast-core directly, and the parts of Kubernetes that
 * the mock does not play (the scheduler and kubelet: scheduling pods and making their volume
 * folders; the volume binder; the controller-manager: deleting the pods of a scaled-down workload).
 */
final class RestoreScenario implements AutoCloseable {
  /** Where Restores and the BackupRepository live, like Velero's namespace. */
  static final String OPS = "holdfast";

  /** The application's namespace. */
  static final String APP = "shop";

  static final String CLUSTER = "test-cluster";
  static final String NODE = "node-1";
  static final String REPOSITORY = "main";
  private static final String PASSWORD_SECRET = "repo-pass";

  final KubeTestCluster cluster;
  final Path kubelet;
  final SettableClock clock = new SettableClock(Instant.now());
  private HoldfastOperator operator;

  private RestoreScenario(Path temp) {
    this.kubelet = temp.resolve("kubelet");
    this.cluster = KubeTestCluster.start();
    cluster.namespace(OPS);
    cluster.namespace(APP);
    cluster.secret(OPS, PASSWORD_SECRET, Map.of("passphrase", TestRepositories.PASSPHRASE));
  }

  /** A cluster with the operator and the agent of {@link #NODE} running. */
  static RestoreScenario start(Path temp) {
    RestoreScenario scenario = new RestoreScenario(temp);
    scenario.startOperator();
    scenario.cluster.startAgent(
        new AgentSettings(
            NODE,
            scenario.kubelet,
            CLUSTER,
            scenario.clock,
            Optional::empty,
            true,
            2,
            Duration.ofSeconds(1),
            java.util.Set.of()));
    return scenario;
  }

  KubernetesClient client() {
    return cluster.client();
  }

  void startOperator() {
    operator =
        cluster.startOperator(
            new OperatorSettings(
                Set.of(),
                CLUSTER,
                clock,
                Optional::empty,
                true,
                2,
                Duration.ofSeconds(5),
                CertificateSettings.defaults().withoutTlsSecretWatch(),
                BackupRunSettings.defaults()));
  }

  void stopOperator() {
    operator.close();
  }

  /** The operator's metrics as Prometheus text. */
  String metrics() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, operator.metrics().registry().scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  // --- the repository ---

  /** A new local repository, and the BackupRepository {@link #REPOSITORY} that names it. */
  Repository localRepository(Path folder) {
    Repository repo = TestRepositories.init(LocalBlobStore.create(folder), clock);
    backupRepository(
        new BackupRepositorySpec(
            folder.toString(),
            new SecretKeyReference(PASSWORD_SECRET, "passphrase"),
            null,
            null,
            null,
            null,
            null,
            null,
            null));
    return repo;
  }

  /** A new repository in a new bucket of S3Proxy, and the BackupRepository that names it. */
  Repository s3Repository(LocalS3 s3) {
    S3Location bucket = s3.newBucket("restore");
    Repository repo = TestRepositories.init(S3BlobStore.open(bucket, s3.options()), clock);
    cluster.secret(
        OPS,
        "s3-creds",
        Map.of(
            "accessKeyId", S3ProxyServer.ACCESS_KEY,
            "secretAccessKey", S3ProxyServer.SECRET_KEY));
    backupRepository(
        new BackupRepositorySpec(
            bucket.toString(),
            new SecretKeyReference(PASSWORD_SECRET, "passphrase"),
            new SecretReference("s3-creds"),
            null,
            true,
            null,
            true,
            null,
            null));
    return repo;
  }

  private void backupRepository(BackupRepositorySpec spec) {
    BackupRepository resource = new BackupRepository();
    resource.getMetadata().setName(REPOSITORY);
    resource.getMetadata().setNamespace(OPS);
    resource.setSpec(spec);
    client().resources(BackupRepository.class).inNamespace(OPS).resource(resource).create();
  }

  /** Backs {@code folder} up as the claim {@link #APP}/{@code claim} would be, at {@code time}. */
  static Snapshot backup(
      Repository repo, Path folder, String claim, OffsetDateTime time, AppVersion... apps) {
    BackupRequest request =
        new BackupRequest(
            List.of(folder),
            Optional.of("k8s://" + CLUSTER + "/" + APP + "/" + claim),
            List.of(),
            List.of(),
            new TreeMap<>(),
            List.of(apps),
            Optional.empty(),
            false,
            Optional.of(time),
            NODE,
            "root");
    return new Backup(repo).run(request, new BackupProgress()).snapshot();
  }

  /**
   * A Backup resource that Completed with {@code snapshot}, as the agent would leave it, once the
   * operator has finished it.
   */
  void completedBackup(String name, Snapshot snapshot) {
    EndedBackups.write(
        client(), create(name), b -> withStatus(b, "Completed", snapshot.id().toHex()));
  }

  /** A Backup resource in {@code phase}, without a snapshot yet. */
  void backupInPhase(String name, String phase) {
    backup(name, phase, null);
  }

  private void backup(String name, String phase, String snapshotId) {
    StatusWrites.write(client(), create(name), b -> withStatus(b, phase, snapshotId));
  }

  private dev.holdfast.operator.api.Backup create(String name) {
    dev.holdfast.operator.api.Backup backup = new dev.holdfast.operator.api.Backup();
    backup.getMetadata().setName(name);
    backup.getMetadata().setNamespace(OPS);
    backup.setSpec(
        new BackupSpec(REPOSITORY, new ObjectReference(APP, "data"), null, null, null, null, null));
    return client()
        .resources(dev.holdfast.operator.api.Backup.class)
        .inNamespace(OPS)
        .resource(backup)
        .create();
  }

  private static dev.holdfast.operator.api.Backup withStatus(
      dev.holdfast.operator.api.Backup backup, String phase, String snapshotId) {
    backup.setStatus(
        new BackupStatus(
            phase,
            NODE,
            null,
            null,
            null,
            snapshotId,
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

  // --- Restores ---

  static RestoreSpec.RestoreTarget newClaim(String name) {
    return new RestoreSpec.RestoreTarget(
        new ObjectReference(APP, name), null, new RestoreSpec.NewClaim("standard", "1Gi"));
  }

  static RestoreSpec.RestoreTarget existingClaim(String name, Boolean inPlace) {
    return new RestoreSpec.RestoreTarget(new ObjectReference(APP, name), inPlace, null);
  }

  static RestoreSpec.RestoreSource snapshot(String id) {
    return new RestoreSpec.RestoreSource(id, null, null);
  }

  void create(String name, RestoreSpec spec) {
    Restore restore = new Restore();
    restore.getMetadata().setName(name);
    restore.getMetadata().setNamespace(OPS);
    restore.setSpec(spec);
    client().resources(Restore.class).inNamespace(OPS).resource(restore).create();
  }

  Restore get(String name) {
    return client().resources(Restore.class).inNamespace(OPS).withName(name).get();
  }

  /** Waits until Restore {@code name} has reached {@code phase}. */
  Restore awaitPhase(String name, String phase) {
    return await(
        "Restore " + name + " in phase " + phase,
        () -> get(name),
        r -> r.getStatus() != null && phase.equals(r.getStatus().phase()));
  }

  /** Waits until Restore {@code name} has finished, whichever way. */
  Restore awaitFinished(String name) {
    return await(
        "Restore " + name + " finished",
        () -> get(name),
        r -> r.getStatus() != null && RestoreReconciler.isFinished(r.getStatus().phase()));
  }

  // --- the parts of Kubernetes the test plays ---

  /** A claim bound to volume {@code pv}, as the volume binder leaves it. */
  void boundClaim(String name, String pv) {
    client()
        .persistentVolumeClaims()
        .inNamespace(APP)
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(APP)
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withVolumeName(pv)
                .endSpec()
                .build())
        .create();
  }

  /** Waits for the claim the operator creates, and binds it to volume {@code pv}. */
  PersistentVolumeClaim bindWhenCreated(String name, String pv) {
    await("claim " + name + " created", () -> claim(name), c -> true);
    return client()
        .persistentVolumeClaims()
        .inNamespace(APP)
        .withName(name)
        .edit(
            c ->
                new PersistentVolumeClaimBuilder(c)
                    .editSpec()
                    .withVolumeName(pv)
                    .endSpec()
                    .build());
  }

  PersistentVolumeClaim claim(String name) {
    return client().persistentVolumeClaims().inNamespace(APP).withName(name).get();
  }

  Pod helperPod(String restore) {
    return client().pods().inNamespace(APP).withName(RestoreLabels.helperPodName(restore)).get();
  }

  /**
   * Waits for the helper pod of {@code restore}, lets {@code prepare} fill the folder where the
   * kubelet mounts volume {@code pv} for it, then schedules it on {@code node} and reports it
   * running; returns that folder.
   */
  Path scheduleHelper(String restore, String node, String pv, FolderSetup prepare)
      throws IOException {
    Pod pod = await("helper pod of " + restore, () -> helperPod(restore), p -> true);
    Path mount = volumeFolder(pod, pv);
    prepare.accept(mount);
    run(pod, node);
    return mount;
  }

  /** The folder where the kubelet mounts volume {@code pv} for {@code pod}, created empty. */
  Path volumeFolder(Pod pod, String pv) throws IOException {
    return Files.createDirectories(
        kubelet
            .resolve("pods")
            .resolve(pod.getMetadata().getUid())
            .resolve("volumes/kubernetes.io~csi")
            .resolve(pv)
            .resolve("mount"));
  }

  /** Schedules {@code pod} on {@code node} and reports it running, as scheduler and kubelet do. */
  Pod run(Pod pod, String node) {
    client()
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .edit(p -> new PodBuilder(p).editSpec().withNodeName(node).endSpec().build());
    return client()
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .editStatus(
            p ->
                new PodBuilder(p)
                    .withStatus(
                        new PodStatusBuilder()
                            .withPhase("Running")
                            .withContainerStatuses(
                                new ContainerStatusBuilder()
                                    .withName("main")
                                    .withImageID("registry.example/shop@sha256:" + "ab".repeat(32))
                                    .withReady(true)
                                    .build())
                            .build())
                    .build());
  }

  /**
   * A Deployment {@code name} of {@code replicas}, its ReplicaSet and that many running pods on
   * {@link #NODE}, each mounting claim {@code claim}; returns the pods.
   */
  List<Pod> deployment(String name, int replicas, String claim) {
    Deployment deployment =
        client()
            .apps()
            .deployments()
            .inNamespace(APP)
            .resource(
                new DeploymentBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(APP)
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(replicas)
                    .endSpec()
                    .build())
            .create();
    ReplicaSet replicaSet =
        client()
            .apps()
            .replicaSets()
            .inNamespace(APP)
            .resource(
                new ReplicaSetBuilder()
                    .withNewMetadata()
                    .withName(name + "-5d8f")
                    .withNamespace(APP)
                    .withOwnerReferences(
                        new OwnerReferenceBuilder()
                            .withApiVersion("apps/v1")
                            .withKind("Deployment")
                            .withName(name)
                            .withUid(deployment.getMetadata().getUid())
                            .withController(true)
                            .build())
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(replicas)
                    .endSpec()
                    .build())
            .create();
    List<Pod> pods = new java.util.ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      Pod pod =
          client()
              .pods()
              .inNamespace(APP)
              .resource(
                  new PodBuilder()
                      .withNewMetadata()
                      .withName(replicaSet.getMetadata().getName() + "-" + i)
                      .withNamespace(APP)
                      .withOwnerReferences(
                          new OwnerReferenceBuilder()
                              .withApiVersion("apps/v1")
                              .withKind("ReplicaSet")
                              .withName(replicaSet.getMetadata().getName())
                              .withUid(replicaSet.getMetadata().getUid())
                              .withController(true)
                              .build())
                      .endMetadata()
                      .withNewSpec()
                      .addNewContainer()
                      .withName("main")
                      .withImage("registry.example/shop:1")
                      .endContainer()
                      .addNewVolume()
                      .withName("data")
                      .withNewPersistentVolumeClaim()
                      .withClaimName(claim)
                      .endPersistentVolumeClaim()
                      .endVolume()
                      .endSpec()
                      .build())
              .create();
      pods.add(run(pod, NODE));
    }
    return pods;
  }

  Integer replicas(String deployment) {
    return client()
        .apps()
        .deployments()
        .inNamespace(APP)
        .withName(deployment)
        .get()
        .getSpec()
        .getReplicas();
  }

  /** Deletes {@code pods}, as the ReplicaSet controller does once scaled to zero. */
  void deletePods(List<Pod> pods) {
    for (Pod pod : pods) {
      client().pods().inNamespace(APP).withName(pod.getMetadata().getName()).delete();
    }
  }

  @Override
  public void close() {
    cluster.close();
  }

  /** Fills a volume folder before its pod runs. */
  @FunctionalInterface
  interface FolderSetup {
    void accept(Path folder) throws IOException;

    FolderSetup EMPTY = folder -> {};
  }
}
