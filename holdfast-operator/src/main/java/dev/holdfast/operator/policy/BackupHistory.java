package dev.holdfast.operator.policy;

import dev.holdfast.operator.api.Backup;
import dev.holdfast.operator.api.BackupStatus;
import dev.holdfast.operator.api.ObjectReference;
import dev.holdfast.operator.kube.Conditions;
import dev.holdfast.operator.kube.KubeTimes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which of a policy's Backup resources are history to delete, as CronJob keeps its Jobs: per claim,
 * the newest {@code successful} Completed ones and the newest {@code failed} PartiallyFailed or
 * Failed ones stay. A Backup is only ever deleted once the operator has finished with it (post
 * hooks, metrics and retention done: condition {@value #FINISHED}); its snapshot stays in the
 * repository, where retention alone decides.
 */
final class BackupHistory {
  /** How many Completed Backups per claim stay unless the policy says otherwise. */
  static final int DEFAULT_SUCCESSFUL = 3;

  /** How many failed Backups per claim stay unless the policy says otherwise. */
  static final int DEFAULT_FAILED = 1;

  /**
   * The condition the operator sets on a Backup once everything after its end ran (post hooks, then
   * retention): the BackupReconciler's last step.
   */
  static final String FINISHED = "Finished";

  /** The phase of a backup that wrote its snapshot and read every file. */
  static final String COMPLETED = "Completed";

  private static final Set<String> FAILED = Set.of("PartiallyFailed", "Failed");

  private BackupHistory() {}

  /** The Backups among {@code backups} (all of one policy) to delete. */
  static List<Backup> expired(List<Backup> backups, int successful, int failed) {
    Map<ObjectReference, List<Backup>> byClaim = new LinkedHashMap<>();
    for (Backup b : backups) {
      if (isFinished(b) && b.getSpec() != null && b.getSpec().claim() != null) {
        byClaim.computeIfAbsent(b.getSpec().claim(), c -> new ArrayList<>()).add(b);
      }
    }
    List<Backup> expired = new ArrayList<>();
    for (List<Backup> ofClaim : byClaim.values()) {
      ofClaim.sort(Comparator.comparing(BackupHistory::slot).reversed());
      int keptSuccessful = 0;
      int keptFailed = 0;
      for (Backup b : ofClaim) {
        if (COMPLETED.equals(b.getStatus().phase())) {
          if (keptSuccessful < successful) {
            keptSuccessful++;
            continue;
          }
        } else if (keptFailed < failed) {
          keptFailed++;
          continue;
        }
        expired.add(b);
      }
    }
    return expired;
  }

  /** Whether {@code backup} has ended and the operator has finished with it. */
  static boolean isFinished(Backup backup) {
    BackupStatus status = backup.getStatus();
    return status != null
        && isEnded(backup)
        && Conditions.find(status.conditions(), FINISHED).isPresent();
  }

  /** Whether {@code backup} reached one of its final phases. */
  static boolean isEnded(Backup backup) {
    BackupStatus status = backup.getStatus();
    return status != null
        && (COMPLETED.equals(status.phase()) || FAILED.contains(String.valueOf(status.phase())));
  }

  /**
   * The moment a Backup was scheduled for (its {@value PolicyNames#SLOT_ANNOTATION} annotation),
   * else when it was created.
   */
  static Instant slot(io.fabric8.kubernetes.api.model.HasMetadata resource) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    Optional<Instant> slot =
        KubeTimes.parse(annotations == null ? null : annotations.get(PolicyNames.SLOT_ANNOTATION));
    return slot.or(() -> KubeTimes.parse(resource.getMetadata().getCreationTimestamp()))
        .orElse(Instant.EPOCH);
  }
}
