package dev.holdfast.operator.agent;

import dev.holdfast.core.HoldfastException;
import dev.holdfast.core.NotFound;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.backup.BackupProblem;
import dev.holdfast.core.backup.BackupRequest;
import dev.holdfast.core.backup.BackupResult;
import dev.holdfast.core.concurrent.Cancellation;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.SnapshotStats;
import dev.holdfast.operator.api.Backup;
import dev.holdfast.operator.api.BackupRepository;
import dev.holdfast.operator.api.BackupSpec;
import dev.holdfast.operator.api.ObjectReference;
import dev.holdfast.operator.backup.BackupPhase;
import dev.holdfast.operator.backup.BackupStatusBuilder;
import dev.holdfast.operator.backup.BackupStatusWriter;
import dev.holdfast.operator.consistency.SnapshotClone;
import dev.holdfast.operator.kube.KubeTimes;
import dev.holdfast.operator.repository.RepositoryConnector;
import dev.holdfast.operator.workload.AppNames;
import dev.holdfast.operator.workload.ClaimPods;
import dev.holdfast.operator.workload.ImageVersions;
import dev.holdfast.operator.workload.SourceNames;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Backup run by the agent (docs/DESIGN.md, "The backup protocol", step 3): finds the folder
 * where the kubelet mounted the claim (or its CSI snapshot's clone) for a pod on this node, opens
 * the repository, runs holdfast-core's backup with the claim's source name and the application's
 * image digests, and writes the end into the status: Completed, PartiallyFailed (unreadable files,
 * each listed) or Failed. Every write is conditional on the Backup still being Running on this
 * node, so a Backup the operator already failed stays failed.
 */
final class VolumeBackup implements NodeJobs.Job {
  private static final Logger LOG = LoggerFactory.getLogger(VolumeBackup.class);
  private static final int MAX_ERRORS = 20;
  static final String USERNAME = "holdfast-agent";
  static final String BACKUP_LABEL = "holdfast.dev/backup";
  static final String POLICY_LABEL = "holdfast.dev/policy";

  private final Backup backup;
  private final KubernetesClient client;
  private final AgentSettings settings;
  private final BackupStatusWriter writer;
  private final RepositoryConnector connector;
  private final BackupRunner runner;

  /**
   * Held by each status write, so a heartbeat read before the end was written cannot write its
   * stale copy over the end (the API server's resourceVersion check would refuse it too; this keeps
   * the agent's own two writers in order without relying on that).
   */
  private final Object statusLock = new Object();

  private boolean ended;

  VolumeBackup(
      Backup backup,
      KubernetesClient client,
      AgentSettings settings,
      RepositoryConnector connector,
      BackupRunner runner) {
    this.backup = backup;
    this.client = client;
    this.settings = settings;
    this.writer = new BackupStatusWriter(client);
    this.connector = connector;
    this.runner = runner;
  }

  /**
   * Whether {@code b} is Running on this agent's node and not being deleted: the condition of every
   * write (a deleted Backup is given up: the heartbeat that finds it so stops the job).
   */
  private boolean mine(Backup b) {
    return BackupPhase.RUNNING.is(b)
        && settings.nodeName().equals(b.getStatus().node())
        && !b.isMarkedForDeletion();
  }

  @Override
  public boolean heartbeat() {
    synchronized (statusLock) {
      if (ended) {
        return false;
      }
      String now = KubeTimes.format(settings.clock().instant());
      return writer
          .update(backup, this::mine, s -> BackupStatusBuilder.from(s).heartbeatTime(now).build())
          .isPresent();
    }
  }

  @Override
  public void run(BooleanSupplier cancelled) {
    Optional<Backup> current =
        writer.read(backup.getMetadata().getNamespace(), backup.getMetadata().getName());
    if (current.isEmpty() || !mine(current.get())) {
      return;
    }
    UnaryOperator<BackupStatusBuilder> end;
    try {
      end = ended(backUp(current.get(), cancelled::getAsBoolean));
    } catch (HoldfastException e) {
      end = failed(e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      end = failed("UsageError: " + e.getMessage());
    } catch (RuntimeException e) {
      if (cancelled.getAsBoolean()) {
        return;
      }
      LOG.error("backup {} failed unexpectedly", name(), e);
      end = failed("unexpected error: " + e);
    }
    if (cancelled.getAsBoolean()) {
      return;
    }
    UnaryOperator<BackupStatusBuilder> change = end;
    synchronized (statusLock) {
      ended = true;
      writer.update(
          current.get(), this::mine, s -> change.apply(BackupStatusBuilder.from(s)).build());
    }
  }

  private BackupResult backUp(Backup b, Cancellation cancellation) {
    BackupSpec spec = b.getSpec();
    ObjectReference claim = spec.claim();
    Path folder = folder(b);
    List<Pod> appPods = new ClaimPods(client).running(claim);
    String app = AppNames.of(spec.app(), appPods, claim);
    List<AppVersion> versions;
    try {
      versions = ImageVersions.of(app, appPods);
    } catch (IllegalArgumentException e) {
      throw new UsageError("spec.app: " + e.getMessage());
    }
    BackupRepository repository =
        client
            .resources(BackupRepository.class)
            .inNamespace(b.getMetadata().getNamespace())
            .withName(spec.repository())
            .get();
    if (repository == null) {
      throw new NotFound(
          "BackupRepository "
              + b.getMetadata().getNamespace()
              + "/"
              + spec.repository()
              + " does not exist");
    }
    TreeMap<String, String> labels = new TreeMap<>();
    labels.put(BACKUP_LABEL, name());
    if (spec.policy() != null && !spec.policy().isEmpty()) {
      labels.put(POLICY_LABEL, spec.policy());
    }
    BackupRequest request =
        new BackupRequest(
            List.of(folder),
            Optional.of(SourceNames.of(settings.clusterName(), claim)),
            List.of(),
            spec.tags() == null ? List.of() : spec.tags(),
            labels,
            versions,
            Optional.empty(),
            false,
            Optional.empty(),
            settings.nodeName(),
            USERNAME);
    try (Repository repo = connector.open(repository)) {
      return runner.run(repo, request, cancellation);
    }
  }

  /**
   * The folder to read: the claim as mounted for a pod of it on this node, or, with a CSI snapshot,
   * the clone as mounted for the data-mover pod.
   */
  private Path folder(Backup b) {
    ObjectReference claim = b.getSpec().claim();
    boolean fromSnapshot = "snapshot".equals(b.getStatus().consistency());
    ObjectReference read =
        fromSnapshot
            ? new ObjectReference(
                claim.namespace(),
                SnapshotClone.nameFor(b.getMetadata().getNamespace(), b.getMetadata().getName()))
            : claim;
    PersistentVolumeClaim pvc =
        client.persistentVolumeClaims().inNamespace(read.namespace()).withName(read.name()).get();
    if (pvc == null) {
      throw new NotFound(
          "PersistentVolumeClaim " + read + " does not exist (was it deleted during the backup?)");
    }
    String volume = pvc.getSpec() == null ? null : pvc.getSpec().getVolumeName();
    if (volume == null || volume.isEmpty()) {
      throw new UsageError("PersistentVolumeClaim " + read + " is not bound to a volume");
    }
    List<Pod> candidates =
        fromSnapshot
            ? Optional.ofNullable(
                    client.pods().inNamespace(read.namespace()).withName(read.name()).get())
                .filter(ClaimPods::isRunningOnNode)
                .stream()
                .toList()
            : new ClaimPods(client).running(claim);
    Pod pod =
        candidates.stream()
            .filter(p -> settings.nodeName().equals(p.getSpec().getNodeName()))
            .findFirst()
            .orElseThrow(
                () ->
                    new NotFound(
                        "no running pod on node "
                            + settings.nodeName()
                            + " mounts PersistentVolumeClaim "
                            + read));
    return new VolumeLocator(settings.kubeletRoot()).locate(pod.getMetadata().getUid(), volume);
  }

  private UnaryOperator<BackupStatusBuilder> ended(BackupResult result) {
    Snapshot snapshot = result.snapshot();
    SnapshotStats stats = snapshot.stats();
    List<String> problems = new ArrayList<>();
    for (BackupProblem p : result.problems()) {
      if (problems.size() == MAX_ERRORS) {
        problems.add("... and " + (result.problems().size() - MAX_ERRORS) + " more");
        break;
      }
      problems.add(p.path() + ": " + p.message());
    }
    String now = KubeTimes.format(settings.clock().instant());
    return s ->
        s.phase(result.complete() ? BackupPhase.COMPLETED : BackupPhase.PARTIALLY_FAILED)
            .snapshot(
                snapshot.id().toHex(), stats.files(), stats.bytesProcessed(), stats.bytesAdded())
            .appVersions(snapshot.appVersions().stream().map(AppVersion::toString).toList())
            .addErrors(problems)
            .heartbeatTime(now)
            .completionTime(now);
  }

  private UnaryOperator<BackupStatusBuilder> failed(String error) {
    Instant now = settings.clock().instant();
    return s ->
        s.phase(BackupPhase.FAILED)
            .addErrors(List.of(error))
            .heartbeatTime(KubeTimes.format(now))
            .completionTime(KubeTimes.format(now));
  }

  private String name() {
    return backup.getMetadata().getNamespace() + "/" + backup.getMetadata().getName();
  }
}
