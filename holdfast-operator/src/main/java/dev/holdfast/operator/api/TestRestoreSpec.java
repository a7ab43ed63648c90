package dev.holdfast.operator.api;

import io.fabric8.generator.annotation.Required;

/**
 * Scheduled proof that backups restore: the newest snapshot of each claim is restored into a
 * scratch volume and verified (every file re-hashed); a failure is an alert.
 *
 * @param schedule when, in the forms {@link BackupPolicySpec#schedule()} takes
 * @param storageClassName the storage class of the scratch volume; absent means the default
 */
public record TestRestoreSpec(@Required String schedule, String storageClassName) {}
