package dev.holdfast.operator.api;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * How the backup went.
 *
 * @param phase Pending, Running, Completed, PartiallyFailed (some files unreadable, each listed) or
 *     Failed
 * @param node the node whose agent reads the volume
 * @param startTime when the agent began (RFC 3339)
 * @param completionTime when it ended
 * @param heartbeatTime the agent's last sign of life while Running; a stale one fails the backup
 * @param snapshotId the snapshot written
 * @param files files in the snapshot
 * @param bytes bytes read
 * @param bytesAdded bytes the repository grew by (after deduplication and compression)
 * @param appVersions the application versions that were running, as {@code APP=VERSION} (image
 *     digests of the pods that mount the claim)
 * @param errors what went wrong, one line each (never a secret)
 * @param conditions {@code PreHooksStarted}, {@code PreHooksSucceeded}, {@code PostHooksDone} and
 *     {@code Finished} (docs/DESIGN.md, "The backup protocol")
 * @param hooks what each hook did in each pod, in the order they ran
 * @param consistency how the volume was read: {@code live} (through the application's pod) or
 *     {@code snapshot} (a CSI snapshot's clone, through a data-mover pod)
 * @param volumeSnapshotClass for {@code snapshot}, the VolumeSnapshotClass used
 */
public record BackupStatus(
    String phase,
    String node,
    String startTime,
    String completionTime,
    String heartbeatTime,
    String snapshotId,
    Long files,
    Long bytes,
    Long bytesAdded,
    List<String> appVersions,
    List<String> errors,
    List<Condition> conditions,
    List<HookResult> hooks,
    String consistency,
    String volumeSnapshotClass) {}
