package dev.holdfast.operator.backup;

import dev.holdfast.core.HoldfastException;
import dev.holdfast.core.NotFound;
import dev.holdfast.core.UsageError;
import dev.holdfast.operator.agent.HoldfastAgent;
import dev.holdfast.operator.api.Backup;
import dev.holdfast.operator.api.BackupRepository;
import dev.holdfast.operator.api.BackupSpec;
import dev.holdfast.operator.api.HookSpec;
import dev.holdfast.operator.api.ObjectReference;
import dev.holdfast.operator.consistency.CloneProgress;
import dev.holdfast.operator.consistency.ConsistencyMode;
import dev.holdfast.operator.consistency.SnapshotClasses;
import dev.holdfast.operator.consistency.SnapshotClone;
import dev.holdfast.operator.hooks.HookRunner;
import dev.holdfast.operator.hooks.HookRunner.HookReport;
import dev.holdfast.operator.hooks.HookStage;
import dev.holdfast.operator.kube.Conditions;
import dev.holdfast.operator.kube.EventRecorder;
import dev.holdfast.operator.kube.KubeTimes;
import dev.holdfast.operator.workload.ClaimPods;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Moves a Pending Backup on (docs/DESIGN.md, "The backup protocol", step 2): checks what it names,
 * takes a slot of its repository, runs the pre hooks, and assigns it to a node: the node of a pod
 * that mounts the claim (live), or, with a CSI snapshot, the node of the data-mover pod that mounts
 * the snapshot's clone once it is ready. Every step leaves a mark in the status before the next
 * begins, so that a restarted operator goes on (or fails clearly) where this one stood.
 */
final class BackupStart {
  static final String LIVE = "live";
  static final String SNAPSHOT = "snapshot";

  private final KubernetesClient client;
  private final BackupStatusWriter writer;
  private final ClaimPods claimPods;
  private final HookRunner hooks;
  private final PostHooks postHooks;
  private final UndoFinalizer finalizer;
  private final SnapshotClasses snapshotClasses;
  private final SnapshotClone clones;
  private final RepositorySlots slots;
  private final BackupRunSettings settings;
  private final EventRecorder events;
  private final Clock clock;

  BackupStart(
      KubernetesClient client,
      BackupStatusWriter writer,
      HookRunner hooks,
      PostHooks postHooks,
      UndoFinalizer finalizer,
      RepositorySlots slots,
      BackupRunSettings settings,
      EventRecorder events,
      Clock clock) {
    this.client = client;
    this.writer = writer;
    this.claimPods = new ClaimPods(client);
    this.hooks = hooks;
    this.postHooks = postHooks;
    this.finalizer = finalizer;
    this.snapshotClasses = new SnapshotClasses(client);
    this.clones = new SnapshotClone(client, settings.moverImage());
    this.slots = slots;
    this.settings = settings;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Moves {@code backup} one step on.
   *
   * @param sameRepository the Backups of its repository as the informer's cache has them
   */
  Step advance(Backup backup, Collection<Backup> sameRepository) {
    if (has(backup, BackupConditions.PRE_HOOKS_SUCCEEDED)) {
      return advanceClone(backup);
    }
    if (has(backup, BackupConditions.PRE_HOOKS_STARTED)) {
      return fail(
          backup,
          "PreHooksInterrupted",
          "the operator stopped while the pre hooks ran; they may have run in part, so the backup"
              + " is failed and the post hooks run to undo them");
    }
    Plan plan;
    try {
      plan = plan(backup);
    } catch (HoldfastException e) {
      return fail(backup, e.getClass().getSimpleName(), e.getMessage());
    }
    String repository = repositoryKey(backup);
    String uid = backup.getMetadata().getUid();
    if (!slots.admit(repository, uid, sameRepository, settings.maxRunningPerRepository())) {
      if (backup.getStatus() == null || backup.getStatus().phase() == null) {
        writer.update(
            backup,
            BackupPhase.PENDING::is,
            s -> BackupStatusBuilder.from(s).phase(BackupPhase.PENDING).build());
      }
      return new Step.Wait(settings.recheck());
    }
    boolean started = false;
    try {
      Step step = startAdmitted(backup, plan);
      started = !(step instanceof Step.Ended);
      return step;
    } finally {
      if (!started) {
        slots.release(repository, uid);
      }
    }
  }

  private Step startAdmitted(Backup backup, Plan plan) {
    Backup current = backup;
    List<HookSpec> pre = pre(backup);
    if (!pre.isEmpty() || plan.snapshotClass().isPresent()) {
      // From here on, a deletion has something to undo: the hooks' effect, the snapshot's clone.
      Optional<Backup> held = finalizer.add(current);
      if (held.isEmpty()) {
        return new Step.Wait(settings.recheck());
      }
      current = held.get();
    }
    HookReport report = HookReport.NONE;
    if (!pre.isEmpty()) {
      Optional<Backup> marked =
          update(
              current,
              s ->
                  s.condition(
                      BackupConditions.PRE_HOOKS_STARTED,
                      true,
                      "Started",
                      pre.size() + " pre hooks in " + plan.pods().size() + " pods",
                      generation(backup),
                      clock.instant()));
      if (marked.isEmpty()) {
        return new Step.Wait(settings.recheck());
      }
      current = marked.get();
      report = hooks.run(HookStage.PRE, pre, plan.pods());
    }
    HookReport ran = report;
    if (ran.failure().isPresent()) {
      HoldfastException failure = ran.failure().get();
      Instant now = clock.instant();
      return ended(
          update(
              current,
              s ->
                  s.phase(BackupPhase.FAILED)
                      .completionTime(KubeTimes.format(now))
                      .addHooks(ran.results())
                      .addErrors(List.of(failure.getMessage()))
                      .condition(
                          BackupConditions.PRE_HOOKS_SUCCEEDED,
                          false,
                          failure.getClass().getSimpleName(),
                          failure.getMessage(),
                          generation(backup),
                          now)));
    }
    String preMessage =
        pre.isEmpty() ? "no pre hooks" : ran.results().size() + " pre hook runs succeeded";
    String preReason = pre.isEmpty() ? "NoHooks" : "Succeeded";
    Instant now = clock.instant();
    if (plan.snapshotClass().isPresent()) {
      Optional<Backup> prepared =
          update(
              current,
              s ->
                  s.phase(BackupPhase.PENDING)
                      .consistency(SNAPSHOT, plan.snapshotClass().get())
                      .addHooks(ran.results())
                      .condition(
                          BackupConditions.PRE_HOOKS_SUCCEEDED,
                          true,
                          preReason,
                          preMessage,
                          generation(backup),
                          now));
      return prepared.map(this::advanceClone).orElse(new Step.Wait(settings.recheck()));
    }
    String node = plan.pods().get(0).getSpec().getNodeName();
    return running(
        current,
        node,
        s ->
            s.consistency(LIVE, null)
                .addHooks(ran.results())
                .condition(
                    BackupConditions.PRE_HOOKS_SUCCEEDED,
                    true,
                    preReason,
                    preMessage,
                    generation(backup),
                    now));
  }

  /** With a CSI snapshot: the snapshot, the post hooks once it is cut, the clone, the mover. */
  private Step advanceClone(Backup backup) {
    if (!SNAPSHOT.equals(backup.getStatus().consistency())) {
      return fail(
          backup, "InconsistentStatus", "pre hooks are done, but the status names no CSI snapshot");
    }
    ObjectReference claim = backup.getSpec().claim();
    PersistentVolumeClaim pvc = claim(claim);
    if (pvc == null) {
      return fail(backup, "ClaimDeleted", claimGone(claim));
    }
    String name = SnapshotClone.nameFor(backup.getMetadata().getNamespace(), name(backup));
    CloneProgress progress = clones.advance(name, pvc, backup.getStatus().volumeSnapshotClass());
    if (progress instanceof CloneProgress.Failed failed) {
      return fail(backup, "SnapshotFailed", failed.message());
    }
    if (progress instanceof CloneProgress.Waiting waiting) {
      if (waiting.pointInTimeTaken() && !has(backup, BackupConditions.POST_HOOKS_DONE)) {
        // The application is held only for the moment of the cut, not for the whole upload.
        postHooks.run(backup);
      }
      return new Step.Wait(settings.recheck());
    }
    CloneProgress.Ready ready = (CloneProgress.Ready) progress;
    return running(backup, ready.mover().getSpec().getNodeName(), s -> s);
  }

  /** Assigns {@code backup} to {@code node}: Running, heartbeat now, then the node's label. */
  private Step running(
      Backup backup, String node, java.util.function.UnaryOperator<BackupStatusBuilder> more) {
    Instant now = clock.instant();
    Optional<Backup> written =
        update(
            backup,
            s ->
                more.apply(
                    s.phase(BackupPhase.RUNNING)
                        .node(node)
                        .startTime(KubeTimes.format(now))
                        .heartbeatTime(KubeTimes.format(now))));
    if (written.isEmpty()) {
      return new Step.Wait(settings.recheck());
    }
    label(written.get(), node);
    events.normal(
        written.get(),
        "Started",
        "backing up claim " + backup.getSpec().claim() + " on node " + node);
    return new Step.Wait(settings.recheck());
  }

  /** Puts the node label on, so the node's agent (and only it) sees the Backup. */
  void label(Backup backup, String node) {
    if (node.equals(labels(backup).get(HoldfastAgent.NODE_LABEL))) {
      return;
    }
    client
        .resources(Backup.class)
        .inNamespace(backup.getMetadata().getNamespace())
        .withName(name(backup))
        .edit(
            b -> {
              b.getMetadata().getLabels().put(HoldfastAgent.NODE_LABEL, node);
              return b;
            });
  }

  private static java.util.Map<String, String> labels(Backup backup) {
    java.util.Map<String, String> labels = backup.getMetadata().getLabels();
    return labels == null ? java.util.Map.of() : labels;
  }

  /** Checks what the Backup names, and decides how to read the claim. */
  private Plan plan(Backup backup) {
    BackupSpec spec = backup.getSpec();
    if (spec == null || spec.claim() == null || spec.repository() == null) {
      throw new UsageError("spec.repository and spec.claim are required");
    }
    HookRunner.validate(HookStage.PRE, pre(backup));
    HookRunner.validate(HookStage.POST, PostHooks.of(backup));
    String namespace = backup.getMetadata().getNamespace();
    if (client
            .resources(BackupRepository.class)
            .inNamespace(namespace)
            .withName(spec.repository())
            .get()
        == null) {
      throw new NotFound(
          "BackupRepository " + namespace + "/" + spec.repository() + " does not exist");
    }
    ObjectReference claim = spec.claim();
    PersistentVolumeClaim pvc = claim(claim);
    if (pvc == null) {
      throw new NotFound("PersistentVolumeClaim " + claim + " does not exist");
    }
    if (pvc.getSpec() == null
        || pvc.getSpec().getVolumeName() == null
        || pvc.getSpec().getVolumeName().isEmpty()) {
      throw new UsageError("PersistentVolumeClaim " + claim + " is not bound to a volume yet");
    }
    ConsistencyMode mode;
    try {
      mode = ConsistencyMode.of(spec.consistency());
    } catch (IllegalArgumentException e) {
      throw new UsageError(
          "spec.consistency: '" + spec.consistency() + "' is not auto, snapshot or live");
    }
    Optional<String> snapshotClass =
        mode == ConsistencyMode.LIVE ? Optional.empty() : snapshotClasses.forClaim(pvc);
    if (mode == ConsistencyMode.SNAPSHOT && snapshotClass.isEmpty()) {
      throw new UsageError(
          "consistency is snapshot, but no VolumeSnapshotClass serves the driver of claim "
              + claim
              + "'s StorageClass; use consistency: live, or install one");
    }
    List<Pod> pods = claimPods.running(claim);
    if (snapshotClass.isEmpty() && pods.isEmpty()) {
      throw new NotFound(
          "no running pod mounts PersistentVolumeClaim "
              + claim
              + ": without a CSI snapshot, the agent reads a claim where a running pod has it"
              + " mounted");
    }
    return new Plan(pods, snapshotClass);
  }

  /** Fails {@code backup} (unless it ended meanwhile) with {@code message}. */
  Step fail(Backup backup, String reason, String message) {
    return failIf(backup, b -> true, reason, message);
  }

  /** Fails {@code backup} with {@code message} if it has not ended and {@code still} holds. */
  Step failIf(Backup backup, Predicate<Backup> still, String reason, String message) {
    Instant now = clock.instant();
    return ended(
        writer.update(
            backup,
            b -> BackupPhase.of(b).map(p -> !p.terminal()).orElse(true) && still.test(b),
            s ->
                BackupStatusBuilder.from(s)
                    .phase(BackupPhase.FAILED)
                    .completionTime(KubeTimes.format(now))
                    .addErrors(List.of(reason + ": " + message))
                    .build()));
  }

  private Step ended(Optional<Backup> written) {
    return written.<Step>map(Step.Ended::new).orElse(new Step.Wait(settings.recheck()));
  }

  /**
   * Writes a change of a Backup that has not ended nor been deleted meanwhile (a deleted one goes
   * no further: the next reconcile undoes what it began).
   */
  private Optional<Backup> update(
      Backup backup, java.util.function.UnaryOperator<BackupStatusBuilder> change) {
    return writer.update(
        backup,
        b -> BackupPhase.of(b).map(p -> !p.terminal()).orElse(false) && !b.isMarkedForDeletion(),
        s -> change.apply(BackupStatusBuilder.from(s)).build());
  }

  private PersistentVolumeClaim claim(ObjectReference claim) {
    return client
        .persistentVolumeClaims()
        .inNamespace(claim.namespace())
        .withName(claim.name())
        .get();
  }

  static String claimGone(ObjectReference claim) {
    return "PersistentVolumeClaim " + claim + " was deleted during the backup";
  }

  private static List<HookSpec> pre(Backup backup) {
    BackupSpec spec = backup.getSpec();
    return spec == null || spec.hooks() == null || spec.hooks().pre() == null
        ? List.of()
        : spec.hooks().pre();
  }

  static boolean has(Backup backup, String condition) {
    return backup.getStatus() != null
        && Conditions.find(backup.getStatus().conditions(), condition).isPresent();
  }

  static String repositoryKey(Backup backup) {
    return backup.getMetadata().getNamespace() + "/" + backup.getSpec().repository();
  }

  static long generation(Backup backup) {
    Long generation = backup.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  private static String name(Backup backup) {
    return backup.getMetadata().getName();
  }

  /**
   * How the claim is read.
   *
   * @param pods the running pods that mount it (hooks run in them; live reads through the first)
   * @param snapshotClass the VolumeSnapshotClass to snapshot it with, or empty to read it live
   */
  private record Plan(List<Pod> pods, Optional<String> snapshotClass) {}
}
