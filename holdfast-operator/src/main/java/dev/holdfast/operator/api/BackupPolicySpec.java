package dev.holdfast.operator.api;

import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/**
 * The desired backups of a set of PersistentVolumeClaims.
 *
 * @param repository the name of a BackupRepository in this namespace
 * @param namespaces the namespaces whose claims are backed up; empty means every namespace
 * @param selector the labels a claim must have; absent means every claim in those namespaces
 * @param schedule a five-field cron expression, {@code @hourly}, {@code @daily}, {@code @weekly},
 *     or a spread form ({@code @hourly-random}, {@code @daily-random}, {@code @weekly-random}) that
 *     gives every claim its own fixed moment in the period so that a thousand claims do not start
 *     at once
 * @param timeZone the IANA time zone the schedule is read in (default UTC)
 * @param retention what {@code forget} keeps after each backup; absent means keep everything
 * @param hooks commands run in the application's pods around the backup
 * @param consistency {@code auto} (a CSI snapshot when a VolumeSnapshotClass exists, else the live
 *     filesystem with hooks), {@code snapshot}, or {@code live}
 * @param testRestore restores into a scratch volume on a schedule, to prove backups restore
 * @param app the application name under which SAST reports are filed, for posture
 * @param tags tags given to every snapshot
 * @param suspend true stops scheduling new backups and test restores (running ones finish)
 * @param successfulBackupsHistoryLimit how many Completed Backups of each claim are kept as
 *     resources (default 3); older ones are deleted, their snapshots stay in the repository
 * @param failedBackupsHistoryLimit how many PartiallyFailed or Failed Backups of each claim are
 *     kept as resources (default 1)
 */
public record BackupPolicySpec(
    @Required @Pattern(DnsNames.SUBDOMAIN) String repository,
    List<String> namespaces,
    LabelSelector selector,
    @Required @Pattern("^(@(hourly|daily|weekly)(-random)?|\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s+\\S+)$")
        String schedule,
    String timeZone,
    RetentionSpec retention,
    HooksSpec hooks,
    @Pattern("^(auto|snapshot|live)$") String consistency,
    TestRestoreSpec testRestore,
    @Pattern("^[A-Za-z0-9][-._A-Za-z0-9]{0,127}$") String app,
    List<String> tags,
    Boolean suspend,
    @Min(0) Integer successfulBackupsHistoryLimit,
    @Min(0) Integer failedBackupsHistoryLimit) {}
