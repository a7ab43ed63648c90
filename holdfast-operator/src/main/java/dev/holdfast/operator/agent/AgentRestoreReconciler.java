package dev.holdfast.operator.agent;

import dev.holdfast.core.HoldfastException;
import dev.holdfast.core.NotFound;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.concurrent.Cancellation;
import dev.holdfast.core.id.SnapshotId;
import dev.holdfast.core.lock.LockMode;
import dev.holdfast.core.lock.LockOwner;
import dev.holdfast.core.lock.Locks;
import dev.holdfast.core.lock.RepositoryLock;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.restore.Overwrite;
import dev.holdfast.core.restore.RestoreProblem;
import dev.holdfast.core.restore.RestoreProgress;
import dev.holdfast.core.restore.RestoreRequest;
import dev.holdfast.core.restore.RestoreResult;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.operator.api.BackupRepository;
import dev.holdfast.operator.api.ObjectReference;
import dev.holdfast.operator.api.Restore;
import dev.holdfast.operator.api.RestoreStatus;
import dev.holdfast.operator.kube.KubeTimes;
import dev.holdfast.operator.kube.SecretValues;
import dev.holdfast.operator.repository.RepositoryConnector;
import dev.holdfast.operator.restore.ErrorLines;
import dev.holdfast.operator.restore.RestoreReconciler;
import dev.holdfast.operator.workload.ClaimPods;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of a Restore assigned to its node: finds the folder where the kubelet mounted
 * the target claim for the helper pod, and writes the chosen snapshot into it with holdfast-core's
 * restore (only {@code spec.paths} when given, re-hashing everything written when {@code
 * spec.verify}), under a shared repository lock so a concurrent prune keeps what it reads. While it
 * writes it stamps the heartbeat and progress into the status; at the end it reports the outcome,
 * which the operator turns into the final phase once it has cleaned up. Nothing is ever written
 * outside the volume folder: core's restore confines every path to its target.
 */
@ControllerConfiguration(name = "agent-restore", generationAwareEventProcessing = false)
public final class AgentRestoreReconciler implements Reconciler<Restore> {
  private static final Logger LOG = LoggerFactory.getLogger(AgentRestoreReconciler.class);
  private static final String LOCK_USER = "holdfast-agent";
  private static final int REPORT_ATTEMPTS = 5;

  private final KubernetesClient client;
  private final AgentSettings settings;
  private final RepositoryConnector connector;
  private final VolumeLocator volumes;

  /** Restores what the operator assigns to {@code settings.nodeName()}. */
  public AgentRestoreReconciler(KubernetesClient client, AgentSettings settings) {
    this.client = client;
    this.settings = settings;
    this.connector =
        new RepositoryConnector(new SecretValues(client), settings.clock(), settings.serverTls());
    this.volumes = new VolumeLocator(settings.kubeletRoot());
  }

  @Override
  public UpdateControl<Restore> reconcile(Restore restore, Context<Restore> context) {
    if (!isMine(restore.getStatus())) {
      return UpdateControl.noUpdate();
    }
    // The informer's copy can be older than this agent's own last report (written with the plain
    // client): only a fresh read tells whether the restore is still to be done.
    Restore fresh =
        client
            .resources(Restore.class)
            .inNamespace(restore.getMetadata().getNamespace())
            .withName(restore.getMetadata().getName())
            .get();
    if (fresh == null || !isMine(fresh.getStatus())) {
      return UpdateControl.noUpdate();
    }
    RestoreStatus status = fresh.getStatus();
    // Runs here, on the reconciler's thread: one restore of a resource at a time, at most
    // maxConcurrent in all. A restarted agent finds the Restore still Running and writes it again.
    RestoreProgress progress = new RestoreProgress();
    // The restore stops at its next blob once the beats say it is no longer this agent's to
    // write, or have failed for about as long as the operator waits for them.
    RestoreBeat beats =
        new RestoreBeat(
            settings.clock(),
            RestoreReconciler.HEARTBEAT_GRACE,
            settings.heartbeatInterval().multipliedBy(2));
    RestoreStatus outcome;
    try (Heartbeat beat =
        Heartbeat.every(
            settings.heartbeatInterval(),
            () -> beat(restore, progress, beats),
            "restore " + name(restore))) {
      outcome = restore(restore, status, progress, beats);
    }
    RestoreStatus result = outcome;
    report(
        restore,
        s -> {
          if (s.result() != null) {
            LOG.warn(
                "Restore {} was ended by the operator ({}) before this agent finished",
                name(restore),
                s.result());
            return s;
          }
          return RestoreStatus.from(s)
              .result(result.result())
              .files(result.files())
              .bytes(result.bytes())
              .verifiedFiles(result.verifiedFiles())
              .errors(result.errors())
              .completionTime(result.completionTime())
              .heartbeatTime(KubeTimes.format(settings.clock().instant()))
              .build();
        });
    return UpdateControl.noUpdate();
  }

  private boolean isMine(RestoreStatus status) {
    return status != null
        && RestoreReconciler.RUNNING.equals(status.phase())
        && status.result() == null
        && settings.nodeName().equals(status.node());
  }

  /**
   * Stamps the heartbeat and progress into the Restore's status and tells {@code beats} it did;
   * when the Restore is no longer this agent's to write (the operator ended it, it was reassigned,
   * or it is gone), tells {@code beats} so instead, and the restore stops at its next blob.
   */
  void beat(Restore restore, RestoreProgress progress, RestoreBeat beats) {
    boolean[] mine = {false};
    try {
      report(
          restore,
          s -> {
            mine[0] = isMine(s);
            return mine[0] ? beat(s, progress) : s;
          });
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        beats.ended();
      }
      throw e;
    }
    if (mine[0]) {
      beats.reported();
    } else {
      beats.ended();
    }
  }

  /** Writes the snapshot; the outcome as a status holding only what this agent reports. */
  private RestoreStatus restore(
      Restore restore, RestoreStatus status, RestoreProgress progress, Cancellation givenUp) {
    RestoreStatus.Builder outcome = RestoreStatus.from(null);
    try {
      Path folder = volumeFolder(restore, status);
      try (Repository repo = connector.open(repository(restore));
          RepositoryLock lock =
              new Locks(repo, LockOwner.thisProcess(settings.nodeName(), LOCK_USER))
                  .acquire(LockMode.SHARED, "restore")) {
        Snapshot snapshot = repo.snapshots().load(snapshotId(status));
        List<String> paths =
            restore.getSpec().paths() == null ? List.of() : restore.getSpec().paths();
        RestoreRequest request =
            new RestoreRequest(
                    snapshot, "", folder, paths, List.of(), Overwrite.ALWAYS, false, true)
                .withVerify(Boolean.TRUE.equals(restore.getSpec().verify()));
        RestoreResult result =
            new dev.holdfast.core.restore.Restore(repo).run(request, progress, givenUp);
        List<String> errors =
            result.problems().stream().map(AgentRestoreReconciler::describe).toList();
        outcome
            .result(
                result.complete()
                    ? RestoreReconciler.COMPLETED
                    : RestoreReconciler.PARTIALLY_FAILED)
            .files(result.files())
            .bytes(result.bytes())
            .verifiedFiles(request.verify() ? result.verifiedFiles() : null)
            .errors(errors.isEmpty() ? null : ErrorLines.capped(errors));
      }
    } catch (CancellationException e) {
      outcome
          .result(RestoreReconciler.FAILED)
          .errors(
              List.of(
                  "node "
                      + settings.nodeName()
                      + ": stopped: the Restore was ended or reassigned while it ran"));
    } catch (HoldfastException e) {
      outcome.result(RestoreReconciler.FAILED).errors(List.of(e.getMessage()));
    } catch (IllegalArgumentException | UncheckedIOException | KubernetesClientException e) {
      outcome
          .result(RestoreReconciler.FAILED)
          .errors(List.of("node " + settings.nodeName() + ": " + e.getMessage()));
    }
    if (RestoreReconciler.FAILED.equals(outcome.build().result())) {
      outcome.files(progress.filesDone()).bytes(progress.bytesDone());
    }
    return outcome.completionTime(KubeTimes.format(settings.clock().instant())).build();
  }

  /** Where the kubelet of this node mounted the target claim for the helper pod. */
  private Path volumeFolder(Restore restore, RestoreStatus status) {
    ObjectReference claim = restore.getSpec().target().claim();
    if (status.helperPod() == null) {
      throw new UsageError("Restore " + name(restore) + " names no helper pod (status.helperPod)");
    }
    Pod pod = client.pods().inNamespace(claim.namespace()).withName(status.helperPod()).get();
    if (pod == null) {
      throw new NotFound(
          "helper pod " + claim.namespace() + "/" + status.helperPod() + " does not exist");
    }
    if (!settings.nodeName().equals(pod.getSpec().getNodeName())) {
      throw new UsageError(
          "helper pod "
              + claim.namespace()
              + "/"
              + status.helperPod()
              + " runs on node "
              + pod.getSpec().getNodeName()
              + ", not on "
              + settings.nodeName());
    }
    if (ClaimPods.volumeFor(pod, claim.name()).isEmpty()) {
      throw new UsageError(
          "helper pod "
              + claim.namespace()
              + "/"
              + status.helperPod()
              + " does not mount "
              + claim);
    }
    PersistentVolumeClaim pvc =
        client.persistentVolumeClaims().inNamespace(claim.namespace()).withName(claim.name()).get();
    if (pvc == null) {
      throw new NotFound("claim " + claim + " does not exist");
    }
    String volume = pvc.getSpec() == null ? null : pvc.getSpec().getVolumeName();
    if (volume == null || volume.isEmpty()) {
      throw new UsageError("claim " + claim + " is not bound to a volume");
    }
    return volumes.locate(pod.getMetadata().getUid(), volume);
  }

  private BackupRepository repository(Restore restore) {
    String namespace = restore.getMetadata().getNamespace();
    BackupRepository repository =
        client
            .resources(BackupRepository.class)
            .inNamespace(namespace)
            .withName(restore.getSpec().repository())
            .get();
    if (repository == null) {
      throw new NotFound(
          "BackupRepository "
              + namespace
              + "/"
              + restore.getSpec().repository()
              + " does not exist");
    }
    return repository;
  }

  private static SnapshotId snapshotId(RestoreStatus status) {
    try {
      return SnapshotId.fromHex(status.snapshotId());
    } catch (RuntimeException e) {
      throw new UsageError("status.snapshotId '" + status.snapshotId() + "' is not a snapshot id");
    }
  }

  private RestoreStatus beat(RestoreStatus s, RestoreProgress progress) {
    return RestoreStatus.from(s)
        .heartbeatTime(KubeTimes.format(settings.clock().instant()))
        .files(progress.filesDone())
        .bytes(progress.bytesDone())
        .build();
  }

  /**
   * Writes {@code change} of the current status, as a patch of only what changed, retrying a few
   * times: a lost final report would make the restore run again.
   */
  private void report(Restore restore, UnaryOperator<RestoreStatus> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        client
            .resources(Restore.class)
            .inNamespace(restore.getMetadata().getNamespace())
            .withName(restore.getMetadata().getName())
            .editStatus(
                r -> {
                  r.setStatus(change.apply(r.getStatus()));
                  return r;
                });
        return;
      } catch (KubernetesClientException e) {
        if (attempt >= REPORT_ATTEMPTS || e.getCode() == 404) {
          throw e;
        }
        pause(attempt);
      }
    }
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(200L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String describe(RestoreProblem p) {
    return p.path() + ": " + p.message();
  }

  private static String name(Restore restore) {
    return restore.getMetadata().getNamespace() + "/" + restore.getMetadata().getName();
  }
}
