package dev.holdfast.operator.policy;

import dev.holdfast.core.HoldfastException;
import dev.holdfast.core.NotFound;
import dev.holdfast.core.UsageError;
import dev.holdfast.operator.api.Backup;
import dev.holdfast.operator.api.BackupPolicy;
import dev.holdfast.operator.api.BackupPolicySpec;
import dev.holdfast.operator.api.BackupPolicyStatus;
import dev.holdfast.operator.api.BackupRepository;
import dev.holdfast.operator.api.Restore;
import dev.holdfast.operator.api.RestoreStatus;
import dev.holdfast.operator.kube.Conditions;
import dev.holdfast.operator.kube.EventRecorder;
import dev.holdfast.operator.kube.KubeTimes;
import dev.holdfast.operator.metrics.PolicyMetrics;
import dev.holdfast.operator.schedule.Schedule;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs a BackupPolicy: selects its claims, creates a Backup for each claim whose scheduled moment
 * has come (named after the policy, the claim and the moment, so a restarted operator never creates
 * one twice), deletes old Backup resources beyond the history limits, runs its test restores, and
 * reports in its status; then sleeps until the next moment of any claim. Claims, Backups, Restores
 * and repositories are read from informer caches (one watch each), so a reconcile costs API
 * requests only for what it creates, deletes or reports, however many claims it selects.
 */
@ControllerConfiguration(name = "backuppolicy")
public final class BackupPolicyReconciler implements Reconciler<BackupPolicy> {
  /** How soon a policy that failed (e.g. its repository is missing) is looked at again. */
  static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);

  /** The longest a policy sleeps, whatever its schedule says. */
  static final Duration LONGEST_WAIT = Duration.ofHours(1);

  private static final Duration SHORTEST_WAIT = Duration.ofSeconds(1);

  private final EventRecorder events;
  private final PolicyMetrics metrics;
  private final Clock clock;
  private final TestRestores testRestores;
  private InformerEventSource<PersistentVolumeClaim, BackupPolicy> claims;
  private InformerEventSource<Backup, BackupPolicy> backups;
  private InformerEventSource<Restore, BackupPolicy> restores;
  private InformerEventSource<BackupRepository, BackupPolicy> repositories;

  /** Runs policies with the time of {@code clock}. */
  public BackupPolicyReconciler(EventRecorder events, PolicyMetrics metrics, Clock clock) {
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
    this.testRestores = new TestRestores(events, metrics);
  }

  @Override
  public List<EventSource<?, BackupPolicy>> prepareEventSources(
      EventSourceContext<BackupPolicy> context) {
    IndexerResourceCache<BackupPolicy> policies = context.getPrimaryCache();
    // Claims anywhere in the cluster: a change of labels, a new or a deleted claim wakes the
    // policies that look at its namespace.
    claims =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(PersistentVolumeClaim.class, BackupPolicy.class)
                .withName("claims")
                .withWatchAllNamespaces()
                .withSecondaryToPrimaryMapper(claim -> watching(policies, claim))
                .withOnUpdateFilter(
                    (newer, older) ->
                        !Objects.equals(
                                newer.getMetadata().getLabels(), older.getMetadata().getLabels())
                            || !Objects.equals(
                                newer.getMetadata().getDeletionTimestamp(),
                                older.getMetadata().getDeletionTimestamp()))
                .build(),
            context);
    backups =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Backup.class, BackupPolicy.class)
                .withName("backups")
                .withNamespacesInheritedFromController()
                .withLabelSelector(PolicyNames.POLICY_LABEL)
                .withSecondaryToPrimaryMapper(BackupPolicyReconciler::labelledPolicy)
                .withOnUpdateFilter(
                    (newer, older) -> !Objects.equals(progress(newer), progress(older)))
                .build(),
            context);
    restores =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Restore.class, BackupPolicy.class)
                .withName("restores")
                .withNamespacesInheritedFromController()
                .withLabelSelector(PolicyNames.POLICY_LABEL)
                .withSecondaryToPrimaryMapper(BackupPolicyReconciler::labelledPolicy)
                .withOnUpdateFilter(
                    (newer, older) ->
                        !Objects.equals(phase(newer.getStatus()), phase(older.getStatus())))
                .build(),
            context);
    repositories =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(BackupRepository.class, BackupPolicy.class)
                .withName("repositories")
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(repository -> using(policies, repository))
                .withOnUpdateFilter((newer, older) -> false)
                .build(),
            context);
    return List.of(claims, backups, restores, repositories);
  }

  @Override
  public UpdateControl<BackupPolicy> reconcile(BackupPolicy policy, Context<BackupPolicy> context) {
    Instant now = clock.instant();
    String namespace = policy.getMetadata().getNamespace();
    String name = policy.getMetadata().getName();
    BackupPolicySpec spec = policy.getSpec();
    KubernetesClient client = context.getClient();
    BackupPolicyStatus old = policy.getStatus();
    Settings settings;
    try {
      settings = Settings.of(policy);
      if (repositories.get(new ResourceID(spec.repository(), namespace)).isEmpty()) {
        throw new NotFound(
            "BackupRepository " + namespace + "/" + spec.repository() + " does not exist");
      }
    } catch (HoldfastException e) {
      return failed(policy, e, now);
    }
    List<PersistentVolumeClaim> selected =
        claims
            .list(settings.selector()::matches)
            .sorted(Comparator.comparing(c -> PolicyResources.reference(c).toString()))
            .toList();
    List<Backup> ours = claimed(backups.list(namespace, b -> true).toList(), name);
    List<Restore> ourRestores = claimed(restores.list(namespace, r -> true).toList(), name);
    metrics.claims(namespace, name, selected.size());

    Scheduled scheduled = scheduleBackups(client, policy, settings, selected, ours, now);
    for (Backup expired : BackupHistory.expired(ours, settings.successful(), settings.failed())) {
      client.resource(expired).delete();
    }

    TestRestores.Outcome tests =
        testRestores.reconcile(
            client,
            policy,
            settings.testSchedule(),
            selected,
            ours,
            ourRestores,
            ref -> claims.get(new ResourceID(ref.name(), ref.namespace())),
            settings.suspended(),
            now);

    Optional<Instant> next = earliest(scheduled.next(), tests.next());
    long generation = generation(policy);
    BackupPolicyStatus status =
        new BackupPolicyStatus(
            generation,
            selected.size(),
            scheduled.last().map(KubeTimes::format).orElse(null),
            scheduled.next().map(KubeTimes::format).orElse(null),
            tests.lastTime(),
            tests.lastSucceeded(),
            Conditions.with(
                old == null ? null : old.conditions(),
                Conditions.READY,
                true,
                settings.suspended() ? "Suspended" : "Scheduling",
                readyMessage(selected.size(), settings),
                generation,
                now),
            tests.lastScheduled().map(KubeTimes::format).orElse(null));
    Duration wait =
        next.map(t -> Duration.between(now, t))
            .map(d -> d.compareTo(SHORTEST_WAIT) < 0 ? SHORTEST_WAIT : d)
            .map(d -> d.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : d)
            .orElse(LONGEST_WAIT);
    if (status.equals(old)) {
      return UpdateControl.<BackupPolicy>noUpdate().rescheduleAfter(wait);
    }
    policy.setStatus(status);
    return UpdateControl.patchStatus(policy).rescheduleAfter(wait);
  }

  /**
   * What scheduling did.
   *
   * @param last the latest moment Backups exist for
   * @param next the next moment of any claim
   */
  private record Scheduled(Optional<Instant> last, Optional<Instant> next) {}

  /**
   * Creates the Backups of the claims whose moment came, unless they exist; counts and reports
   * them.
   */
  private Scheduled scheduleBackups(
      KubernetesClient client,
      BackupPolicy policy,
      Settings settings,
      List<PersistentVolumeClaim> selected,
      List<Backup> ours,
      Instant now) {
    BackupPolicyStatus old = policy.getStatus();
    Optional<Instant> last = KubeTimes.parse(old == null ? null : old.lastScheduleTime());
    if (settings.suspended()) {
      return new Scheduled(last, Optional.empty());
    }
    SlotPlanner.Plan plan =
        SlotPlanner.plan(
            settings.schedule(),
            "",
            selected.stream().map(PolicyResources::reference).toList(),
            last.or(() -> PolicyResources.createdAt(policy)),
            now);
    Set<String> existing =
        ours.stream().map(b -> b.getMetadata().getName()).collect(Collectors.toSet());
    List<String> created = new ArrayList<>();
    for (SlotPlanner.Due due : plan.due()) {
      Backup backup = PolicyResources.backup(policy, due.claim(), due.slot());
      if (!existing.contains(backup.getMetadata().getName())
          && PolicyResources.createIfAbsent(client, backup)) {
        created.add(backup.getMetadata().getName());
      }
      last = later(last, due.slot());
    }
    if (!created.isEmpty()) {
      String namespace = policy.getMetadata().getNamespace();
      metrics.scheduled(namespace, policy.getMetadata().getName(), created.size());
      events.normal(policy, "Scheduled", scheduledMessage(created));
    }
    return new Scheduled(last, plan.next());
  }

  @Override
  public ErrorStatusUpdateControl<BackupPolicy> updateErrorStatus(
      BackupPolicy policy, Context<BackupPolicy> context, Exception e) {
    BackupPolicyStatus old = policy.getStatus();
    long generation = generation(policy);
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    policy.setStatus(
        withReady(old, generation, false, e.getClass().getSimpleName(), message, clock.instant()));
    return ErrorStatusUpdateControl.patchStatus(policy);
  }

  private UpdateControl<BackupPolicy> failed(
      BackupPolicy policy, HoldfastException e, Instant now) {
    BackupPolicyStatus old = policy.getStatus();
    String reason = e.getClass().getSimpleName();
    boolean news =
        Conditions.find(old == null ? null : old.conditions(), Conditions.READY)
            .map(
                c ->
                    !"False".equals(c.getStatus())
                        || !Objects.equals(c.getMessage(), e.getMessage()))
            .orElse(true);
    if (news) {
      events.warning(policy, reason, e.getMessage());
    }
    policy.setStatus(withReady(old, generation(policy), false, reason, e.getMessage(), now));
    // A bad spec waits for the user to change it (which wakes the policy); a missing repository
    // may appear, which wakes it too; look again in a while all the same.
    return UpdateControl.patchStatus(policy).rescheduleAfter(RETRY_AFTER_FAILURE);
  }

  private static BackupPolicyStatus withReady(
      BackupPolicyStatus old,
      long generation,
      boolean ready,
      String reason,
      String message,
      Instant now) {
    List<Condition> conditions =
        Conditions.with(
            old == null ? null : old.conditions(),
            Conditions.READY,
            ready,
            reason,
            message,
            generation,
            now);
    if (old == null) {
      return new BackupPolicyStatus(generation, null, null, null, null, null, conditions, null);
    }
    return new BackupPolicyStatus(
        generation,
        old.matchedClaims(),
        old.lastScheduleTime(),
        old.nextScheduleTime(),
        old.lastTestRestoreTime(),
        old.lastTestRestoreSucceeded(),
        conditions,
        old.lastTestRestoreScheduleTime());
  }

  /**
   * A policy's settings, parsed and checked: a mistake in any of them makes the policy not Ready
   * with the field named, before anything is scheduled.
   */
  private record Settings(
      Schedule schedule,
      Optional<Schedule> testSchedule,
      ClaimSelector selector,
      int successful,
      int failed,
      boolean suspended) {
    static Settings of(BackupPolicy policy) {
      String name = policy.getMetadata().getName();
      if (name.length() > PolicyNames.MAX_POLICY_NAME) {
        throw new UsageError(
            "metadata.name: '"
                + name
                + "' is longer than "
                + PolicyNames.MAX_POLICY_NAME
                + " characters (it labels every Backup of the policy)");
      }
      BackupPolicySpec spec = policy.getSpec();
      ZoneId zone = Schedule.zone(spec.timeZone(), "spec.timeZone");
      Schedule schedule = Schedule.parse(spec.schedule(), zone, "spec.schedule");
      Optional<Schedule> testSchedule =
          spec.testRestore() == null
              ? Optional.empty()
              : Optional.of(
                  Schedule.parse(spec.testRestore().schedule(), zone, "spec.testRestore.schedule"));
      // checked now so that a mistake shows on the policy, not first when a backup ends
      RetentionRules.of(spec.retention());
      return new Settings(
          schedule,
          testSchedule,
          ClaimSelector.of(spec),
          limit(spec.successfulBackupsHistoryLimit(), BackupHistory.DEFAULT_SUCCESSFUL),
          limit(spec.failedBackupsHistoryLimit(), BackupHistory.DEFAULT_FAILED),
          Boolean.TRUE.equals(spec.suspend()));
    }

    private static int limit(Integer value, int fallback) {
      return value == null || value < 0 ? fallback : value;
    }
  }

  private static String readyMessage(int claims, Settings settings) {
    String selected = claims + (claims == 1 ? " claim" : " claims");
    return settings.suspended()
        ? selected + "; suspended: no backup or test restore is scheduled"
        : selected + " on schedule " + settings.schedule();
  }

  private static String scheduledMessage(List<String> created) {
    int shown = Math.min(created.size(), 5);
    String names = String.join(", ", created.subList(0, shown));
    return "created "
        + created.size()
        + (created.size() == 1 ? " Backup: " : " Backups: ")
        + names
        + (created.size() > shown ? " and " + (created.size() - shown) + " more" : "");
  }

  /** The resources of {@code all} that carry policy {@code name}'s label. */
  private static <R extends HasMetadata> List<R> claimed(List<R> all, String name) {
    return all.stream()
        .filter(r -> r.getMetadata().getLabels() != null)
        .filter(r -> name.equals(r.getMetadata().getLabels().get(PolicyNames.POLICY_LABEL)))
        .toList();
  }

  private static Set<ResourceID> labelledPolicy(HasMetadata resource) {
    Map<String, String> labels = resource.getMetadata().getLabels();
    String policy = labels == null ? null : labels.get(PolicyNames.POLICY_LABEL);
    return policy == null
        ? Set.of()
        : Set.of(new ResourceID(policy, resource.getMetadata().getNamespace()));
  }

  /** The policies that look at the namespace of {@code claim}. */
  private static Set<ResourceID> watching(
      IndexerResourceCache<BackupPolicy> policies, PersistentVolumeClaim claim) {
    String namespace = claim.getMetadata().getNamespace();
    Set<ResourceID> result = new HashSet<>();
    policies
        .list()
        .filter(p -> p.getSpec() != null)
        .filter(
            p ->
                p.getSpec().namespaces() == null
                    || p.getSpec().namespaces().isEmpty()
                    || p.getSpec().namespaces().contains(namespace))
        .forEach(p -> result.add(ResourceID.fromResource(p)));
    return result;
  }

  /** The policies that store into {@code repository}. */
  private static Set<ResourceID> using(
      IndexerResourceCache<BackupPolicy> policies, BackupRepository repository) {
    String name = repository.getMetadata().getName();
    Set<ResourceID> result = new HashSet<>();
    policies
        .list(repository.getMetadata().getNamespace())
        .filter(p -> p.getSpec() != null && name.equals(p.getSpec().repository()))
        .forEach(p -> result.add(ResourceID.fromResource(p)));
    return result;
  }

  /** What of a Backup matters to its policy: its phase and whether it is finished with. */
  private static String progress(Backup backup) {
    return (backup.getStatus() == null ? null : backup.getStatus().phase())
        + "/"
        + BackupHistory.isFinished(backup);
  }

  private static String phase(RestoreStatus status) {
    return status == null ? null : status.phase();
  }

  private static Optional<Instant> later(Optional<Instant> a, Instant b) {
    return Optional.of(a.filter(t -> t.isAfter(b)).orElse(b));
  }

  private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return Optional.of(a.get().isBefore(b.get()) ? a.get() : b.get());
  }

  private static long generation(BackupPolicy policy) {
    Long generation = policy.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }
}
