package dev.holdfast.operator.policy;

import dev.holdfast.operator.api.Backup;
import dev.holdfast.operator.api.BackupPolicy;
import dev.holdfast.operator.api.BackupPolicyStatus;
import dev.holdfast.operator.api.ObjectReference;
import dev.holdfast.operator.api.Restore;
import dev.holdfast.operator.api.RestoreStatus;
import dev.holdfast.operator.kube.EventRecorder;
import dev.holdfast.operator.kube.KubeTimes;
import dev.holdfast.operator.metrics.PolicyMetrics;
import dev.holdfast.operator.schedule.Schedule;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A policy's scheduled test restores: when a claim's test-restore moment comes, its newest
 * Completed Backup is restored into a new scratch claim and verified (a Restore with {@code verify:
 * true}); when that Restore ends, the result goes into the policy's status, an event (a Warning
 * when it failed) and metrics, and the scratch claim and the Restore are deleted. One test restore
 * per claim runs at a time.
 */
final class TestRestores {
  /** What sets a claim's test-restore moments apart from its backup moments. */
  static final String KEY_PREFIX = "test-restore:";

  private static final Logger LOG = LoggerFactory.getLogger(TestRestores.class);
  private static final Set<String> ENDED = Set.of("Completed", "PartiallyFailed", "Failed");

  private final EventRecorder events;
  private final PolicyMetrics metrics;

  TestRestores(EventRecorder events, PolicyMetrics metrics) {
    this.events = events;
    this.metrics = metrics;
  }

  /**
   * What test restores changed in the policy's status.
   *
   * @param lastTime when the latest test restore ended (RFC 3339)
   * @param lastSucceeded whether it verified
   * @param lastScheduled the latest moment a test restore was started for
   * @param next the next test-restore moment of any claim
   */
  record Outcome(
      String lastTime,
      Boolean lastSucceeded,
      Optional<Instant> lastScheduled,
      Optional<Instant> next) {}

  /**
   * Finishes the ended test restores of {@code policy}, then starts those that are due.
   *
   * @param schedule the test-restore schedule; empty when the policy has none
   * @param claims the claims the policy selects now
   * @param backups the policy's Backups
   * @param restores the policy's Restores
   * @param claimCache every claim the operator knows, by namespace and name
   */
  Outcome reconcile(
      KubernetesClient client,
      BackupPolicy policy,
      Optional<Schedule> schedule,
      List<PersistentVolumeClaim> claims,
      List<Backup> backups,
      List<Restore> restores,
      Function<ObjectReference, Optional<PersistentVolumeClaim>> claimCache,
      boolean suspended,
      Instant now) {
    BackupPolicyStatus status = policy.getStatus();
    String lastTime = status == null ? null : status.lastTestRestoreTime();
    Boolean lastSucceeded = status == null ? null : status.lastTestRestoreSucceeded();
    // Restores are deleted once recorded: the status alone says which moments were tested.
    Optional<Instant> lastScheduled =
        KubeTimes.parse(status == null ? null : status.lastTestRestoreScheduleTime());
    Set<String> running = new HashSet<>();
    for (Restore restore : restores) {
      if (!isTestRestore(restore, policy)) {
        continue;
      }
      if (!isEnded(restore)) {
        running.add(claimOf(restore));
        continue;
      }
      if (alreadyRecorded(client, restore)) {
        continue;
      }
      Instant ended = KubeTimes.parse(restore.getStatus().completionTime()).orElse(now);
      boolean verified = "Completed".equals(restore.getStatus().phase());
      finish(client, policy, restore, verified, ended, claimCache);
      if (lastTime == null || KubeTimes.parse(lastTime).map(ended::isAfter).orElse(true)) {
        lastTime = KubeTimes.format(ended);
        lastSucceeded = verified;
      }
    }
    if (schedule.isEmpty() || suspended) {
      return new Outcome(lastTime, lastSucceeded, lastScheduled, Optional.empty());
    }
    SlotPlanner.Plan plan =
        SlotPlanner.plan(
            schedule.get(),
            KEY_PREFIX,
            claims.stream().map(PolicyResources::reference).toList(),
            lastScheduled.or(() -> PolicyResources.createdAt(policy)),
            now);
    Map<ObjectReference, PersistentVolumeClaim> byReference =
        claims.stream().collect(Collectors.toMap(PolicyResources::reference, c -> c));
    Optional<Instant> started = lastScheduled;
    for (SlotPlanner.Due due : plan.due()) {
      if (running.contains(due.claim().toString())) {
        continue;
      }
      Optional<Backup> source = newestCompleted(backups, due.claim());
      Optional<String> size = PolicyResources.size(byReference.get(due.claim()));
      if (source.isEmpty() || size.isEmpty()) {
        LOG.info(
            "policy {}: no test restore of {} yet: {}",
            policy.getMetadata().getName(),
            due.claim(),
            source.isEmpty() ? "it has no Completed Backup" : "its size is not known");
        continue;
      }
      start(client, policy, byReference.get(due.claim()), due.slot(), source.get(), size.get());
      if (started.isEmpty() || due.slot().isAfter(started.get())) {
        started = Optional.of(due.slot());
      }
    }
    return new Outcome(lastTime, lastSucceeded, started, plan.next());
  }

  private void start(
      KubernetesClient client,
      BackupPolicy policy,
      PersistentVolumeClaim claim,
      Instant slot,
      Backup source,
      String size) {
    ObjectReference reference = PolicyResources.reference(claim);
    Restore restore =
        PolicyResources.testRestore(policy, reference, slot, source.getMetadata().getName(), size);
    PolicyResources.createIfAbsent(client, PolicyResources.scratchClaim(policy, claim, slot, size));
    if (PolicyResources.createIfAbsent(client, restore)) {
      events.normal(
          policy,
          "TestRestoreStarted",
          "test restore "
              + restore.getMetadata().getName()
              + " of claim "
              + reference
              + " from Backup "
              + source.getMetadata().getName()
              + " into scratch claim "
              + restore.getSpec().target().claim());
    }
  }

  /**
   * Whether an ended Restore was recorded already: it is deleted once recorded, but the cache may
   * still show it (and the Restore reconciler's finalizer keeps it a while), so the API decides.
   */
  private static boolean alreadyRecorded(KubernetesClient client, Restore restore) {
    Restore current = client.resource(restore).get();
    return current == null || current.getMetadata().getDeletionTimestamp() != null;
  }

  private void finish(
      KubernetesClient client,
      BackupPolicy policy,
      Restore restore,
      boolean verified,
      Instant ended,
      Function<ObjectReference, Optional<PersistentVolumeClaim>> claimCache) {
    String what =
        "test restore "
            + restore.getMetadata().getName()
            + " of claim "
            + claimOf(restore)
            + " from Backup "
            + restore.getSpec().source().backup();
    if (verified) {
      events.normal(policy, "TestRestoreSucceeded", what + " restored and verified every file");
    } else {
      events.warning(policy, "TestRestoreFailed", what + " " + failure(restore.getStatus()));
    }
    String namespace = policy.getMetadata().getNamespace();
    metrics.testRestore(namespace, policy.getMetadata().getName(), verified, ended);
    ObjectReference scratch = restore.getSpec().target().claim();
    claimCache.apply(scratch).filter(c -> isLabelled(c, policy)).ifPresent(c -> delete(client, c));
    delete(client, restore);
  }

  private static String failure(RestoreStatus status) {
    String phase = status.phase();
    if (status.errors() == null || status.errors().isEmpty()) {
      return "ended " + phase;
    }
    int more = status.errors().size() - 1;
    return "ended "
        + phase
        + ": "
        + status.errors().get(0)
        + (more > 0 ? " (and " + more + " more)" : "");
  }

  private static Optional<Backup> newestCompleted(List<Backup> backups, ObjectReference claim) {
    return backups.stream()
        .filter(b -> b.getSpec() != null && claim.equals(b.getSpec().claim()))
        .filter(b -> b.getStatus() != null && BackupHistory.COMPLETED.equals(b.getStatus().phase()))
        .max(Comparator.comparing(BackupHistory::slot));
  }

  private static boolean isTestRestore(Restore restore, BackupPolicy policy) {
    return isLabelled(restore, policy) && restore.getSpec() != null;
  }

  private static boolean isLabelled(HasMetadata resource, BackupPolicy policy) {
    Map<String, String> labels = resource.getMetadata().getLabels();
    return labels != null
        && policy.getMetadata().getName().equals(labels.get(PolicyNames.TEST_RESTORE_LABEL));
  }

  private static boolean isEnded(Restore restore) {
    return restore.getStatus() != null
        && ENDED.contains(String.valueOf(restore.getStatus().phase()));
  }

  private static String claimOf(Restore restore) {
    Map<String, String> annotations = restore.getMetadata().getAnnotations();
    return annotations == null ? "" : String.valueOf(annotations.get(PolicyNames.CLAIM_ANNOTATION));
  }

  private static void delete(KubernetesClient client, HasMetadata resource) {
    client.resource(resource).delete();
  }
}
