package dev.holdfast.operator.api;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * How the restore went.
 *
 * @param phase Pending (choosing the snapshot, preparing the claim, starting the helper pod),
 *     ScalingDown (in place: waiting for the workloads' pods to stop), Running (the node agent
 *     writes), then Completed, PartiallyFailed (some entries not written or not verified, each in
 *     errors) or Failed; the last three only once workloads are scaled back and the helper pod is
 *     gone
 * @param snapshotId the snapshot chosen
 * @param skipped for {@code latestClean}: each newer snapshot and why it was not clean
 * @param node the node whose agent writes the volume
 * @param startTime when the operator began the restore (RFC 3339)
 * @param completionTime when it ended
 * @param heartbeatTime the agent's last sign of life while Running
 * @param files files written
 * @param bytes bytes written
 * @param scaledWorkloads workloads scaled to zero for an in-place restore, as {@code
 *     KIND/NAME=REPLICAS}, so they are scaled back even after an operator restart
 * @param errors what went wrong, one line each
 * @param conditions {@code Completed}
 * @param result the outcome (Completed, PartiallyFailed or Failed) as soon as it is known; the
 *     phase becomes it once the operator has cleaned up
 * @param helperPod the pod in the claim's namespace that mounts the claim while the agent writes
 * @param verifiedFiles files read back and found equal to the snapshot ({@code spec.verify})
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
    List<Condition> conditions,
    String result,
    String helperPod,
    Long verifiedFiles) {

  /** A builder starting from {@code base} (null: an empty status), to change a few fields. */
  public static Builder from(RestoreStatus base) {
    return new Builder(base);
  }

  /** Builds a new status from an old one: statuses are replaced whole, never edited in place. */
  public static final class Builder {
    private String phase;
    private String snapshotId;
    private List<String> skipped;
    private String node;
    private String startTime;
    private String completionTime;
    private String heartbeatTime;
    private Long files;
    private Long bytes;
    private List<String> scaledWorkloads;
    private List<String> errors;
    private List<Condition> conditions;
    private String result;
    private String helperPod;
    private Long verifiedFiles;

    private Builder(RestoreStatus base) {
      if (base != null) {
        phase = base.phase;
        snapshotId = base.snapshotId;
        skipped = base.skipped;
        node = base.node;
        startTime = base.startTime;
        completionTime = base.completionTime;
        heartbeatTime = base.heartbeatTime;
        files = base.files;
        bytes = base.bytes;
        scaledWorkloads = base.scaledWorkloads;
        errors = base.errors;
        conditions = base.conditions;
        result = base.result;
        helperPod = base.helperPod;
        verifiedFiles = base.verifiedFiles;
      }
    }

    public Builder phase(String value) {
      phase = value;
      return this;
    }

    public Builder snapshotId(String value) {
      snapshotId = value;
      return this;
    }

    public Builder skipped(List<String> value) {
      skipped = value;
      return this;
    }

    public Builder node(String value) {
      node = value;
      return this;
    }

    public Builder startTime(String value) {
      startTime = value;
      return this;
    }

    public Builder completionTime(String value) {
      completionTime = value;
      return this;
    }

    public Builder heartbeatTime(String value) {
      heartbeatTime = value;
      return this;
    }

    public Builder files(Long value) {
      files = value;
      return this;
    }

    public Builder bytes(Long value) {
      bytes = value;
      return this;
    }

    public Builder scaledWorkloads(List<String> value) {
      scaledWorkloads = value;
      return this;
    }

    public Builder errors(List<String> value) {
      errors = value;
      return this;
    }

    public Builder conditions(List<Condition> value) {
      conditions = value;
      return this;
    }

    public Builder result(String value) {
      result = value;
      return this;
    }

    public Builder helperPod(String value) {
      helperPod = value;
      return this;
    }

    public Builder verifiedFiles(Long value) {
      verifiedFiles = value;
      return this;
    }

    /** The status with every field as set. */
    public RestoreStatus build() {
      return new RestoreStatus(
          phase,
          snapshotId,
          skipped,
          node,
          startTime,
          completionTime,
          heartbeatTime,
          files,
          bytes,
          scaledWorkloads,
          errors,
          conditions,
          result,
          helperPod,
          verifiedFiles);
    }
  }
}
