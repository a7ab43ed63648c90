package dev.holdfast.operator.api;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * The policy as the operator last reconciled it.
 *
 * @param observedGeneration the spec generation this status describes
 * @param matchedClaims how many claims the policy selects
 * @param lastScheduleTime when the policy last created a Backup (RFC 3339)
 * @param nextScheduleTime the earliest next backup of any claim (RFC 3339)
 * @param lastTestRestoreTime when a test restore last finished
 * @param lastTestRestoreSucceeded whether it verified
 * @param conditions {@code Ready} (the policy is valid and its repository exists)
 * @param lastTestRestoreScheduleTime the latest scheduled moment for which a test restore was
 *     started (RFC 3339), so that a moment is never tested twice
 */
public record BackupPolicyStatus(
    Long observedGeneration,
    Integer matchedClaims,
    String lastScheduleTime,
    String nextScheduleTime,
    String lastTestRestoreTime,
    Boolean lastTestRestoreSucceeded,
    List<Condition> conditions,
    String lastTestRestoreScheduleTime) {}
