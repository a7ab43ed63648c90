package dev.holdfast.operator.backup;

import dev.holdfast.operator.api.Backup;
import dev.holdfast.operator.api.BackupStatus;
import dev.holdfast.operator.consistency.SnapshotClone;
import dev.holdfast.operator.hooks.HookRunner;
import dev.holdfast.operator.kube.EventRecorder;
import dev.holdfast.operator.kube.KubeTimes;
import dev.holdfast.operator.metrics.BackupMetrics;
import dev.holdfast.operator.workload.ClaimPods;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The operator's side of a Backup (docs/DESIGN.md, "The backup protocol"): a Pending one is
 * checked, given a slot of its repository, run through its pre hooks and assigned to a node; a
 * Running one is watched for its agent's heartbeat (and, read live, for its claim); an ended one is
 * finished (post hooks, metrics, events, retention). Everything it needs is in the Backup's status,
 * so a restarted operator picks every Backup up where it stood.
 *
 * <p>It reacts to every change of a Backup, status included ({@code generationAwareEventProcessing
 * = false}): the agent's final status is what tells it to run the post hooks. It also sees
 * deletions ({@code triggerReconcilerOnAllEvents = true}) and manages its finalizer itself, since
 * only a Backup with something to undo carries one ({@link UndoFinalizer}, {@link BackupDeletion}).
 */
@ControllerConfiguration(
    name = "backup",
    generationAwareEventProcessing = false,
    triggerReconcilerOnAllEvents = true)
public final class BackupReconciler implements Reconciler<Backup> {
  private static final String REPOSITORY_INDEX = "repository";
  private static final String PHASE_INDEX = "phase";
  private static final Duration ONE_SECOND = Duration.ofSeconds(1);

  private final KubernetesClient client;
  private final BackupMetrics metrics;
  private final BackupRunSettings settings;
  private final Clock clock;
  private final BackupStatusWriter writer;
  private final BackupStart start;
  private final BackupEnd end;
  private final BackupDeletion deletion;

  /**
   * @param client the API
   * @param events where events about Backups go
   * @param hooks runs pre and post hooks
   * @param metrics the Backup metrics
   * @param settings bounds and times
   * @param completion what runs after a Backup's end (the policy's retention), or {@link
   *     BackupCompletion#NONE}
   * @param clock the time
   */
  public BackupReconciler(
      KubernetesClient client,
      EventRecorder events,
      HookRunner hooks,
      BackupMetrics metrics,
      BackupRunSettings settings,
      BackupCompletion completion,
      Clock clock) {
    this.client = client;
    this.metrics = metrics;
    this.settings = settings;
    this.clock = clock;
    this.writer = new BackupStatusWriter(client);
    PostHooks postHooks = new PostHooks(hooks, new ClaimPods(client), writer, events, clock);
    UndoFinalizer finalizer = new UndoFinalizer(client, writer);
    CloneRemoval clones =
        new CloneRemoval(new SnapshotClone(client, settings.moverImage()), events);
    this.start =
        new BackupStart(
            client,
            writer,
            hooks,
            postHooks,
            finalizer,
            new RepositorySlots(),
            settings,
            events,
            clock);
    this.end =
        new BackupEnd(postHooks, clones, finalizer, writer, metrics, events, completion, clock);
    this.deletion = new BackupDeletion(postHooks, clones, finalizer, writer, events);
  }

  @Override
  public List<EventSource<?, Backup>> prepareEventSources(EventSourceContext<Backup> context) {
    IndexerResourceCache<Backup> cache = context.getPrimaryCache();
    cache.addIndexer(
        REPOSITORY_INDEX,
        b -> b.getSpec() == null ? List.of() : List.of(BackupStart.repositoryKey(b)));
    cache.addIndexer(
        PHASE_INDEX, b -> List.of(BackupPhase.of(b).map(BackupPhase::text).orElse("Unknown")));
    metrics.countRunningWith(
        () ->
            cache.byIndex(PHASE_INDEX, BackupPhase.RUNNING.text()).stream()
                .filter(b -> b.getSpec() != null && b.getSpec().claim() != null)
                .collect(
                    Collectors.groupingBy(
                        b -> b.getSpec().claim().namespace(), Collectors.counting())));
    return List.of();
  }

  @Override
  public UpdateControl<Backup> reconcile(Backup cached, Context<Backup> context) {
    if (context.isPrimaryResourceDeleted()) {
      // Gone from the API server: whatever had to be undone was undone before the finalizer went.
      return UpdateControl.noUpdate();
    }
    // The informer's copy may lag behind this operator's own last writes; acting on it could run
    // hooks twice. One read per reconcile is the price of never doing so.
    Optional<Backup> current =
        writer.read(cached.getMetadata().getNamespace(), cached.getMetadata().getName());
    if (current.isEmpty()
        || !current.get().getMetadata().getUid().equals(cached.getMetadata().getUid())) {
      return UpdateControl.noUpdate();
    }
    Backup backup = current.get();
    if (backup.isMarkedForDeletion()) {
      deletion.undo(backup);
      return UpdateControl.noUpdate();
    }
    Step step;
    BackupPhase phase = BackupPhase.of(backup).orElse(null);
    if (phase == null) {
      step =
          start.fail(
              backup,
              "UnknownPhase",
              "status.phase '" + backup.getStatus().phase() + "' is not one Holdfast writes");
    } else if (phase == BackupPhase.PENDING) {
      step =
          start.advance(
              backup,
              context
                  .getPrimaryCache()
                  .byIndex(REPOSITORY_INDEX, BackupStart.repositoryKey(backup)));
    } else if (phase == BackupPhase.RUNNING) {
      step = watch(backup);
    } else {
      end.finish(backup);
      return UpdateControl.noUpdate();
    }
    if (step instanceof Step.Ended ended) {
      end.finish(ended.backup());
      return UpdateControl.noUpdate();
    }
    return UpdateControl.<Backup>noUpdate().rescheduleAfter(((Step.Wait) step).after());
  }

  /** A Running Backup: its label, its claim (when read live), its agent's heartbeat. */
  private Step watch(Backup backup) {
    BackupStatus status = backup.getStatus();
    String node = status.node();
    if (node == null || node.isEmpty()) {
      return start.fail(backup, "InconsistentStatus", "Running, but assigned to no node");
    }
    start.label(backup, node);
    if (!BackupStart.SNAPSHOT.equals(status.consistency())
        && client
                .persistentVolumeClaims()
                .inNamespace(backup.getSpec().claim().namespace())
                .withName(backup.getSpec().claim().name())
                .get()
            == null) {
      return start.fail(backup, "ClaimDeleted", BackupStart.claimGone(backup.getSpec().claim()));
    }
    Instant now = clock.instant();
    String seenBeat = status.heartbeatTime();
    Instant beat =
        KubeTimes.parse(seenBeat)
            .or(() -> KubeTimes.parse(status.startTime()))
            .orElse(Instant.EPOCH);
    Duration age = Duration.between(beat, now);
    if (age.compareTo(settings.heartbeatGrace()) > 0) {
      return start.failIf(
          backup,
          b -> BackupPhase.RUNNING.is(b) && Objects.equals(seenBeat, b.getStatus().heartbeatTime()),
          "AgentLost",
          "the agent on node "
              + node
              + " stopped reporting: its last heartbeat was at "
              + KubeTimes.format(beat)
              + ", more than "
              + KubeTimes.formatDuration(settings.heartbeatGrace())
              + " ago");
    }
    Duration untilStale = settings.heartbeatGrace().minus(age).plus(ONE_SECOND);
    return new Step.Wait(
        untilStale.compareTo(settings.recheck()) < 0 ? untilStale : settings.recheck());
  }
}
