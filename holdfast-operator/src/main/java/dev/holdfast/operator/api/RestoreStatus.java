package dev.holdfast.operator.api;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * How the restore went.
 *
 * @param phase Pending, ScalingDown, Running, ScalingUp, Completed, PartiallyFailed or Failed
 * @param snapshotId the snapshot chosen
 * @param skipped for {@code latestClean}: each newer snapshot and why it was not clean
 * @param node the node whose agent writes the volume
 * @param startTime when writing began (RFC 3339)
 * @param completionTime when it ended
 * @param heartbeatTime the agent's last sign of life while Running
 * @param files files written
 * @param bytes bytes written
 * @param scaledWorkloads workloads scaled to zero for an in-place restore, as {@code
 *     KIND/NAME=REPLICAS}, so they are scaled back even after an operator restart
 * @param errors what went wrong, one line each
 * @param conditions {@code Completed}
 */
public record RestoreStatus(
    String phase,
    String snapshotId,
    List<String> skipped,
    String node,
    String startTime,
    String completionTime,
    String heartbeatTime,
    Long files,
    Long bytes,
    List<String> scaledWorkloads,
    List<String> errors,
    List<Condition> conditions) {}
