package dev.holdfast.operator.api;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * What the operator last found at the repository.
 *
 * @param observedGeneration the spec generation this status describes
 * @param reachable whether the repository opened with the given passphrase
 * @param snapshotCount snapshots in the repository
 * @param sizeBytes bytes stored in packs
 * @param size {@code sizeBytes} for people (e.g. {@code 12.4 GiB})
 * @param lastCheckTime when the repository was last opened (RFC 3339)
 * @param conditions {@code Ready} with a reason and message
 */
public record BackupRepositoryStatus(
    Long observedGeneration,
    Boolean reachable,
    Integer snapshotCount,
    Long sizeBytes,
    String size,
    String lastCheckTime,
    List<Condition> conditions) {}
