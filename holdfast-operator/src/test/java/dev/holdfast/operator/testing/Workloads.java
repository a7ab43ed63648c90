package dev.holdfast.operator.testing;

import dev.holdfast.operator.api.Backup;
import dev.holdfast.operator.api.BackupRepository;
import dev.holdfast.operator.api.BackupRepositorySpec;
import dev.holdfast.operator.api.BackupSpec;
import dev.holdfast.operator.api.HooksSpec;
import dev.holdfast.operator.api.ObjectReference;
import dev.holdfast.operator.api.SecretKeyReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the test plays in place of the parts of a cluster the mock API does not run: the claim's
 * binding (the provisioner), pods scheduled and running with their image digests (the scheduler and
 * the kubelet), the folders where the kubelet mounts volumes, and the answers of {@code pods/exec};
 * plus the Holdfast resources a backup names.
 */
public final class Workloads {
  /** The container every pod made here runs. */
  public static final String CONTAINER = "app";

  private final KubeTestCluster cluster;
  private final KubernetesClient client;
  private final Path kubeletRoot;

  /**
   * Plays the cluster's parts for {@code cluster}, with kubelet folders under {@code kubeletRoot}.
   */
  public Workloads(KubeTestCluster cluster, Path kubeletRoot) {
    this.cluster = cluster;
    this.client = cluster.client();
    this.kubeletRoot = kubeletRoot;
  }

  /** Where the kubelet keeps pod folders, as the agent's settings name it. */
  public Path kubeletRoot() {
    return kubeletRoot;
  }

  /** A claim bound to volume {@code volumeName}. */
  public PersistentVolumeClaim claim(String namespace, String name, String volumeName) {
    return claim(namespace, name, volumeName, null);
  }

  /** A claim of StorageClass {@code storageClass} bound to volume {@code volumeName}. */
  public PersistentVolumeClaim claim(
      String namespace, String name, String volumeName, String storageClass) {
    return client
        .persistentVolumeClaims()
        .inNamespace(namespace)
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withStorageClassName(storageClass)
                .withVolumeName(volumeName)
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi"))
                .endResources()
                .endSpec()
                .build())
        .create();
  }

  /**
   * A pod Running on {@code node} that mounts {@code claim}, whose container runs the image with
   * {@code digest} ({@code sha256:...}), labelled {@code labels}.
   */
  public Pod pod(
      String namespace,
      String name,
      String node,
      String claim,
      String digest,
      Map<String, String> labels) {
    return client
        .pods()
        .inNamespace(namespace)
        .resource(runningPod(namespace, name, node, claim, digest, labels))
        .create();
  }

  /** The pod {@link #pod} creates, not created: for tests that need no API server. */
  public static Pod runningPod(
      String namespace,
      String name,
      String node,
      String claim,
      String digest,
      Map<String, String> labels) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .addNewContainer()
        .withName(CONTAINER)
        .withImage("registry.example/app:1")
        .endContainer()
        .addNewVolume()
        .withName("data")
        .withNewPersistentVolumeClaim(claim, false)
        .endVolume()
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .addNewContainerStatus()
        .withName(CONTAINER)
        .withImageID("registry.example/app@" + digest)
        .endContainerStatus()
        .endStatus()
        .build();
  }

  /**
   * The folder where the kubelet mounts volume {@code volumeName} (a CSI volume) for {@code pod},
   * created empty.
   */
  public Path mountFolder(Pod pod, String volumeName) {
    Path folder =
        kubeletRoot
            .resolve("pods")
            .resolve(pod.getMetadata().getUid())
            .resolve("volumes")
            .resolve("kubernetes.io~csi")
            .resolve(volumeName)
            .resolve("mount");
    try {
      return Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A BackupRepository {@code name} at {@code url} opened with Secret key {@code pass/passphrase}.
   */
  public void repository(String namespace, String name, String url, String passphrase) {
    cluster.secret(namespace, name + "-pass", Map.of("passphrase", passphrase));
    repository(
        namespace,
        name,
        new BackupRepositorySpec(
            url,
            new SecretKeyReference(name + "-pass", "passphrase"),
            null,
            null,
            null,
            null,
            null,
            null,
            null));
  }

  /** A BackupRepository {@code name} as {@code spec} says (its Secrets made by the caller). */
  public void repository(String namespace, String name, BackupRepositorySpec spec) {
    BackupRepository repository = new BackupRepository();
    repository.getMetadata().setName(name);
    repository.getMetadata().setNamespace(namespace);
    repository.setSpec(spec);
    client.resources(BackupRepository.class).inNamespace(namespace).resource(repository).create();
  }

  /** Creates a Backup of {@code claim} into {@code repository}, read live. */
  public Backup backup(
      String namespace, String name, String repository, ObjectReference claim, HooksSpec hooks) {
    return backup(
        namespace,
        name,
        new BackupSpec(repository, claim, null, hooks, "live", null, List.of("manual")));
  }

  /** Creates Backup {@code name} with {@code spec}. */
  public Backup backup(String namespace, String name, BackupSpec spec) {
    Backup backup = new Backup();
    backup.getMetadata().setName(name);
    backup.getMetadata().setNamespace(namespace);
    backup.setSpec(spec);
    return client.resources(Backup.class).inNamespace(namespace).resource(backup).create();
  }

  /** The Backup as the API has it now. */
  public Backup backupNow(String namespace, String name) {
    return client.resources(Backup.class).inNamespace(namespace).withName(name).get();
  }

  /**
   * Answers every {@code exec} of {@code command} in the app container of {@code pod} over the mock
   * API's websocket: it prints {@code output} and exits {@code exitCode}. Command words must need
   * no URL escaping. For tests of {@link dev.holdfast.operator.hooks.ApiServerPodExec}; hook
   * behaviour is tested with {@link ScriptedPodExec}.
   */
  public void execAnswers(
      String namespace, String pod, List<String> command, String output, int exitCode) {
    cluster.answer(execPath(namespace, pod, command), ExecSocket.exits(output, exitCode));
  }

  /**
   * Answers every {@code exec} of {@code command} in {@code pod} by printing {@code output} and
   * never ending: the stream stays open until the client closes it.
   */
  public void execHangs(String namespace, String pod, List<String> command, String output) {
    cluster.answer(execPath(namespace, pod, command), ExecSocket.hangs(output));
  }

  /** The path of an exec of {@code command} in the app container, as fabric8 requests it. */
  public static String execPath(String namespace, String pod, List<String> command) {
    StringBuilder path =
        new StringBuilder("/api/v1/namespaces/" + namespace + "/pods/" + pod + "/exec?");
    for (String word : command) {
      path.append("command=").append(word).append('&');
    }
    return path.append("container=" + CONTAINER + "&stdout=true&stderr=true").toString();
  }
}
