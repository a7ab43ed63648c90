package dev.holdfast.operator.restore;

import dev.holdfast.core.HoldfastException;
import dev.holdfast.core.NotFound;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.select.PathPatterns;
import dev.holdfast.operator.agent.HoldfastAgent;
import dev.holdfast.operator.api.BackupRepository;
import dev.holdfast.operator.api.ObjectReference;
import dev.holdfast.operator.api.Restore;
import dev.holdfast.operator.api.RestoreStatus;
import dev.holdfast.operator.kube.ByteSizes;
import dev.holdfast.operator.kube.Conditions;
import dev.holdfast.operator.kube.EventRecorder;
import dev.holdfast.operator.kube.KubeTimes;
import dev.holdfast.operator.repository.RepositoryConnector;
import dev.holdfast.operator.workload.ClaimPods;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a Restore through its phases (docs/DESIGN.md, "Restore protocol"): chooses the snapshot,
 * prepares the target claim (creates it, or refuses it while in use, or scales its workloads to
 * zero when {@code inPlace} allows), starts the helper pod that puts the claim on a node, and
 * assigns the Restore to that node's agent; then watches the agent's heartbeat, and when the
 * outcome is known removes the helper pod, scales the workloads back and sets the final phase.
 * Every step is idempotent and everything it needs is in the status, so a restarted operator
 * carries on.
 */
@ControllerConfiguration(name = "restore", generationAwareEventProcessing = false)
public final class RestoreReconciler implements Reconciler<Restore>, Cleaner<Restore> {
  /** Choosing the snapshot, preparing the claim, starting the helper pod. */
  public static final String PENDING = "Pending";

  /** In place: waiting for the workloads' pods to stop. */
  public static final String SCALING_DOWN = "ScalingDown";

  /** The node agent writes. */
  public static final String RUNNING = "Running";

  /** Everything written (and verified when asked). */
  public static final String COMPLETED = "Completed";

  /** Some entries could not be written or verified; each is in the errors. */
  public static final String PARTIALLY_FAILED = "PartiallyFailed";

  /** Nothing or not all was written, for the reason in the errors. */
  public static final String FAILED = "Failed";

  /** The condition a finished Restore carries: True when it completed. */
  public static final String COMPLETED_CONDITION = "Completed";

  static final Duration POLL = Duration.ofSeconds(2);
  static final Duration RUNNING_CHECK = Duration.ofSeconds(5);

  /** How long a running restore may go without its agent's heartbeat before it is failed. */
  public static final Duration HEARTBEAT_GRACE = Duration.ofMinutes(2);

  static final Duration PREPARE_TIMEOUT = Duration.ofMinutes(15);
  static final Duration API_RETRY = Duration.ofMinutes(1);

  private static final Set<String> OUTCOMES = Set.of(COMPLETED, PARTIALLY_FAILED, FAILED);
  private static final Logger LOG = LoggerFactory.getLogger(RestoreReconciler.class);

  private final KubernetesClient client;
  private final RepositoryConnector connector;
  private final EventRecorder events;
  private final RestoreMetrics metrics;
  private final Clock clock;
  private final SnapshotChoice snapshots;
  private final TargetClaims claims;
  private final HelperPods helpers;
  private final WorkloadScaler scaler;
  private final ClaimPods claimPods;

  /**
   * @param client the API
   * @param connector opens the repository a Restore names
   * @param events records what happened on the Restore
   * @param metrics counts finished restores
   * @param clock the time
   * @param clusterName the cluster's name in source names ({@code latestClean})
   */
  public RestoreReconciler(
      KubernetesClient client,
      RepositoryConnector connector,
      EventRecorder events,
      RestoreMetrics metrics,
      Clock clock,
      String clusterName) {
    this.client = client;
    this.connector = connector;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
    this.snapshots = new SnapshotChoice(client, clusterName);
    this.claims = new TargetClaims(client);
    this.helpers = new HelperPods(client);
    this.scaler = new WorkloadScaler(client);
    this.claimPods = new ClaimPods(client);
  }

  /** Whether {@code phase} is one a Restore ends in. */
  public static boolean isFinished(String phase) {
    return OUTCOMES.contains(phase);
  }

  @Override
  public UpdateControl<Restore> reconcile(Restore restore, Context<Restore> context) {
    RestoreStatus before = restore.getStatus();
    if (before != null && isFinished(before.phase())) {
      return UpdateControl.noUpdate();
    }
    Attempt attempt = new Attempt(restore, before, clock.instant());
    Duration again;
    try {
      again = attempt.advance();
    } catch (HoldfastException e) {
      attempt.fail(e);
      again = null;
    }
    if (attempt.current().result() != null) {
      attempt.finish();
      again = null;
    }
    RestoreStatus after = attempt.current();
    UpdateControl<Restore> control;
    if (attempt.node != null) {
      Map<String, String> labels = new HashMap<>();
      if (restore.getMetadata().getLabels() != null) {
        labels.putAll(restore.getMetadata().getLabels());
      }
      labels.put(HoldfastAgent.NODE_LABEL, attempt.node);
      restore.getMetadata().setLabels(labels);
      restore.setStatus(after);
      control = UpdateControl.patchResourceAndStatus(restore);
    } else if (!after.equals(before)) {
      restore.setStatus(after);
      control = UpdateControl.patchStatus(restore);
    } else {
      control = UpdateControl.noUpdate();
    }
    return again == null ? control : control.rescheduleAfter(again);
  }

  /**
   * A reconciliation that failed on the Kubernetes API (not on the restore itself): JOSDK retries
   * it a few times; after the last retry it is tried again every minute, so that a restore whose
   * workloads are scaled down keeps trying to scale them back (e.g. until missing RBAC is fixed).
   * One that has not started writing by the preparation deadline is failed, and cleaned up by the
   * next pass.
   */
  @Override
  public ErrorStatusUpdateControl<Restore> updateErrorStatus(
      Restore restore, Context<Restore> context, Exception e) {
    boolean last = context.getRetryInfo().map(RetryInfo::isLastAttempt).orElse(false);
    RestoreStatus status = restore.getStatus();
    if (!last || status == null || isFinished(status.phase())) {
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    Attempt attempt = new Attempt(restore, status, clock.instant());
    Instant started = KubeTimes.parse(status.startTime()).orElse(attempt.now);
    boolean late = Duration.between(started, attempt.now).compareTo(PREPARE_TIMEOUT) > 0;
    if (status.result() == null && !RUNNING.equals(status.phase()) && late) {
      attempt.fail(
          new RestoreStalled(
              "the restore did not start writing within "
                  + PREPARE_TIMEOUT.toMinutes()
                  + " minutes: "
                  + e.getMessage()));
      restore.setStatus(attempt.current());
      return ErrorStatusUpdateControl.patchStatus(restore).rescheduleAfter(POLL);
    }
    events.warning(restore, "Retrying", e.getMessage() + "; trying again in a minute");
    return ErrorStatusUpdateControl.<Restore>noStatusUpdate().rescheduleAfter(API_RETRY);
  }

  /**
   * A Restore deleted before it finished: the helper pod goes and the workloads get their replicas
   * back, so deleting a stuck Restore never leaves an application scaled to zero.
   */
  @Override
  public DeleteControl cleanup(Restore restore, Context<Restore> context) {
    RestoreStatus status = restore.getStatus();
    if (status != null && !isFinished(status.phase()) && restore.getSpec() != null) {
      Attempt attempt = new Attempt(restore, status, clock.instant());
      try {
        attempt.cleanUp();
      } catch (HoldfastException e) {
        LOG.warn("cleaning up Restore {}: {}", attempt.name(), e.getMessage());
      }
    }
    return DeleteControl.defaultDelete();
  }

  /** One reconciliation of one Restore: the status as it is being changed, and what it needs. */
  private final class Attempt {
    private final Restore restore;
    private final Instant now;
    private final ObjectReference claim;
    private final RestoreStatus.Builder status;
    private String node;

    Attempt(Restore restore, RestoreStatus before, Instant now) {
      this.restore = restore;
      this.now = now;
      this.claim = restore.getSpec().target().claim();
      this.status = RestoreStatus.from(before);
      if (before == null || before.phase() == null || before.phase().isEmpty()) {
        status.phase(PENDING);
      }
      if (before == null || before.startTime() == null) {
        status.startTime(KubeTimes.format(now));
      }
    }

    /** The status as changed so far. */
    RestoreStatus current() {
      return status.build();
    }

    String name() {
      return restore.getMetadata().getNamespace() + "/" + restore.getMetadata().getName();
    }

    /** Takes the next steps; returns when to look again. */
    Duration advance() {
      if (current().result() != null) {
        return null;
      }
      String phase = current().phase();
      switch (phase) {
        case PENDING:
          return prepare();
        case SCALING_DOWN:
          return scaleDown();
        case RUNNING:
          return watch();
        default:
          throw new UsageError("status.phase '" + phase + "' is not a phase of a Restore");
      }
    }

    private Duration prepare() {
      if (current().snapshotId() == null) {
        chooseSnapshot();
      }
      List<String> paths = restore.getSpec().paths();
      if (paths != null && !paths.isEmpty()) {
        new PathPatterns(paths);
      }
      claims.ensure(restore);
      List<Pod> users = users();
      if (users.isEmpty()) {
        return startHelper();
      }
      if (!Boolean.TRUE.equals(restore.getSpec().target().inPlace())) {
        throw new ClaimInUse(
            "claim "
                + claim
                + " is in use by pods "
                + names(users)
                + ": set spec.target.inPlace: true to scale them down during the restore");
      }
      List<ScaledWorkload> owners = scaler.owners(claim.namespace(), claim.name(), users);
      List<String> stopping =
          owners.stream().filter(w -> w.replicas() == 0).map(ScaledWorkload::reference).toList();
      if (!stopping.isEmpty()) {
        // Already at zero (by someone else, or by this restore seen through a stale copy of its
        // status): recording zero would lose the replicas to give back, so wait for the pods.
        checkDeadline(
            "pods " + names(users) + " of " + String.join(", ", stopping) + " did not stop");
        return POLL;
      }
      // Saved before anything is scaled: the next pass scales, and whoever runs it knows what to
      // give back.
      status
          .phase(SCALING_DOWN)
          .scaledWorkloads(owners.stream().map(ScaledWorkload::toString).toList());
      events.normal(
          restore,
          "ScalingDown",
          "scaling "
              + owners.stream().map(ScaledWorkload::reference).collect(Collectors.joining(", "))
              + " to zero to restore claim "
              + claim
              + " in place");
      return POLL;
    }

    private void chooseSnapshot() {
      BackupRepository repository =
          client
              .resources(BackupRepository.class)
              .inNamespace(restore.getMetadata().getNamespace())
              .withName(restore.getSpec().repository())
              .get();
      if (repository == null) {
        throw new NotFound(
            "BackupRepository "
                + restore.getMetadata().getNamespace()
                + "/"
                + restore.getSpec().repository()
                + " does not exist");
      }
      try (Repository repo = connector.open(repository)) {
        SnapshotChoice.Chosen chosen = snapshots.choose(restore, repo);
        status.snapshotId(chosen.snapshot().id().toHex()).skipped(chosen.skipped());
        events.normal(
            restore,
            "SnapshotChosen",
            "snapshot "
                + chosen.snapshot().id().toShortHex()
                + " of "
                + chosen.snapshot().source()
                + " ("
                + KubeTimes.format(chosen.snapshot().time().toInstant())
                + ")"
                + (chosen.skipped().isEmpty()
                    ? ""
                    : ", skipping " + chosen.skipped().size() + " newer ones that are not clean"));
      }
    }

    private Duration scaleDown() {
      for (ScaledWorkload w : scaled()) {
        if (scaler.replicas(claim.namespace(), w.kind(), w.name()).orElse(0) != 0) {
          scaler.scale(claim.namespace(), w, 0);
        }
      }
      List<Pod> users = users();
      if (!users.isEmpty()) {
        checkDeadline(
            "pods " + names(users) + " still mount claim " + claim + " after scaling down");
        return POLL;
      }
      return startHelper();
    }

    private Duration startHelper() {
      Pod pod = helpers.ensure(restore, claim);
      status.helperPod(pod.getMetadata().getName());
      if (!ClaimPods.isRunningOnNode(pod)) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        checkDeadline(
            "helper pod "
                + claim.namespace()
                + "/"
                + pod.getMetadata().getName()
                + " is not running ("
                + (phase == null ? "not scheduled" : phase)
                + ")");
        return POLL;
      }
      node = pod.getSpec().getNodeName();
      status.phase(RUNNING).node(node).heartbeatTime(KubeTimes.format(now));
      events.normal(
          restore,
          "Running",
          "the agent on node "
              + node
              + " restores snapshot "
              + shortId(current().snapshotId())
              + " into claim "
              + claim);
      return RUNNING_CHECK;
    }

    private Duration watch() {
      RestoreStatus s = current();
      Instant beat =
          KubeTimes.parse(s.heartbeatTime()).or(() -> KubeTimes.parse(s.startTime())).orElse(now);
      if (Duration.between(beat, now).compareTo(HEARTBEAT_GRACE) > 0) {
        throw new RestoreStalled(
            "the agent on node "
                + s.node()
                + " stopped reporting since "
                + KubeTimes.format(beat)
                + " (more than "
                + HEARTBEAT_GRACE.toMinutes()
                + " minutes)");
      }
      return RUNNING_CHECK;
    }

    private void checkDeadline(String what) {
      Instant started = KubeTimes.parse(current().startTime()).orElse(now);
      if (Duration.between(started, now).compareTo(PREPARE_TIMEOUT) > 0) {
        throw new RestoreStalled(
            what + " " + PREPARE_TIMEOUT.toMinutes() + " minutes after the restore began");
      }
    }

    /** Records the failure; {@link #finish} then cleans up. */
    void fail(HoldfastException e) {
      String reason = e.getClass().getSimpleName();
      List<String> errors = new ArrayList<>();
      if (current().errors() != null) {
        errors.addAll(current().errors());
      }
      errors.add(e.getMessage());
      if (e instanceof NoCleanSnapshot none) {
        status.skipped(none.skipped());
      }
      status
          .result(FAILED)
          .errors(ErrorLines.capped(errors))
          .conditions(condition(false, reason, e.getMessage()));
      events.warning(restore, reason, e.getMessage());
    }

    /** Removes the helper pod, scales the workloads back and sets the final phase. */
    void finish() {
      cleanUp();
      RestoreStatus s = current();
      String result = OUTCOMES.contains(s.result()) ? s.result() : FAILED;
      String completion = s.completionTime() == null ? KubeTimes.format(now) : s.completionTime();
      status.phase(result).completionTime(completion);
      if (COMPLETED.equals(result)) {
        String message =
            "restored snapshot "
                + shortId(s.snapshotId())
                + " into claim "
                + claim
                + ": "
                + (s.files() == null ? 0 : s.files())
                + " files, "
                + ByteSizes.format(s.bytes() == null ? 0 : s.bytes())
                + (s.verifiedFiles() == null ? "" : ", " + s.verifiedFiles() + " verified");
        status.conditions(condition(true, COMPLETED, message));
        events.normal(restore, COMPLETED, message);
      } else if (!Conditions.find(s.conditions(), COMPLETED_CONDITION).isPresent()) {
        List<String> errors = s.errors() == null ? List.of() : s.errors();
        String message =
            PARTIALLY_FAILED.equals(result)
                ? "snapshot "
                    + shortId(s.snapshotId())
                    + " restored into claim "
                    + claim
                    + " except "
                    + errors.size()
                    + " entries (see status.errors)"
                : errors.isEmpty() ? "the restore failed" : errors.get(errors.size() - 1);
        status.conditions(condition(false, result, message));
        events.warning(restore, result, message);
      }
      Instant started = KubeTimes.parse(s.startTime()).orElse(now);
      Instant ended = KubeTimes.parse(completion).orElse(now);
      metrics.finished(claim.namespace(), result, Duration.between(started, ended));
    }

    /** Removes the helper pod and gives every scaled workload its replicas back. */
    void cleanUp() {
      helpers.delete(restore, claim.namespace());
      List<String> recorded = current().scaledWorkloads();
      for (String entry : recorded == null ? List.<String>of() : recorded) {
        ScaledWorkload w;
        try {
          w = ScaledWorkload.parse(entry);
        } catch (UsageError e) {
          events.warning(restore, "WorkloadUnknown", e.getMessage() + "; not scaled back");
          continue;
        }
        if (!scaler.scale(claim.namespace(), w, w.replicas())) {
          events.warning(
              restore,
              "WorkloadGone",
              w.reference() + " no longer exists; it was not scaled back to " + w.replicas());
        }
      }
    }

    private List<ScaledWorkload> scaled() {
      List<String> recorded = current().scaledWorkloads();
      return recorded == null ? List.of() : recorded.stream().map(ScaledWorkload::parse).toList();
    }

    /**
     * The pods that use the claim: every pod mounting it but this Restore's helper and ended ones.
     */
    private List<Pod> users() {
      String uid = restore.getMetadata().getUid();
      return claimPods.mounting(claim).stream()
          .filter(p -> !isHelperOfThis(p, uid))
          .filter(p -> !hasEnded(p))
          .toList();
    }

    private List<Condition> condition(boolean completed, String reason, String message) {
      Long generation = restore.getMetadata().getGeneration();
      return Conditions.with(
          current().conditions(),
          COMPLETED_CONDITION,
          completed,
          reason,
          message,
          generation == null ? 0 : generation,
          now);
    }
  }

  private static boolean isHelperOfThis(Pod pod, String uid) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return uid != null && labels != null && uid.equals(labels.get(RestoreLabels.RESTORE_UID));
  }

  private static boolean hasEnded(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private static String names(List<Pod> pods) {
    return pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.joining(", "));
  }

  private static String shortId(String hex) {
    return hex == null ? "(none)" : hex.substring(0, Math.min(8, hex.length()));
  }
}
