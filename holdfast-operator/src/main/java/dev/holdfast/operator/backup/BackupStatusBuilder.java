package dev.holdfast.operator.backup;

import dev.holdfast.operator.api.BackupStatus;
import dev.holdfast.operator.api.HookResult;
import dev.holdfast.operator.kube.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the next {@link BackupStatus} from the current one, changing only what a step of the
 * protocol changes (the status record has a dozen fields, most of which each step keeps).
 */
public final class BackupStatusBuilder {
  private String phase;
  private String node;
  private String startTime;
  private String completionTime;
  private String heartbeatTime;
  private String snapshotId;
  private Long files;
  private Long bytes;
  private Long bytesAdded;
  private List<String> appVersions;
  private List<String> errors;
  private List<Condition> conditions;
  private List<HookResult> hooks;
  private String consistency;
  private String volumeSnapshotClass;

  private BackupStatusBuilder() {}

  /** Starts from {@code status}, or from an empty status when it is null. */
  public static BackupStatusBuilder from(BackupStatus status) {
    BackupStatusBuilder b = new BackupStatusBuilder();
    if (status != null) {
      b.phase = status.phase();
      b.node = status.node();
      b.startTime = status.startTime();
      b.completionTime = status.completionTime();
      b.heartbeatTime = status.heartbeatTime();
      b.snapshotId = status.snapshotId();
      b.files = status.files();
      b.bytes = status.bytes();
      b.bytesAdded = status.bytesAdded();
      b.appVersions = status.appVersions();
      b.errors = status.errors();
      b.conditions = status.conditions();
      b.hooks = status.hooks();
      b.consistency = status.consistency();
      b.volumeSnapshotClass = status.volumeSnapshotClass();
    }
    return b;
  }

  /** Sets the phase. */
  public BackupStatusBuilder phase(BackupPhase value) {
    this.phase = value.text();
    return this;
  }

  /** Sets the node whose agent reads the volume. */
  public BackupStatusBuilder node(String value) {
    this.node = value;
    return this;
  }

  /** Sets when the backup started (RFC 3339). */
  public BackupStatusBuilder startTime(String value) {
    this.startTime = value;
    return this;
  }

  /** Sets when the backup ended (RFC 3339). */
  public BackupStatusBuilder completionTime(String value) {
    this.completionTime = value;
    return this;
  }

  /** Sets the agent's last sign of life (RFC 3339). */
  public BackupStatusBuilder heartbeatTime(String value) {
    this.heartbeatTime = value;
    return this;
  }

  /** Sets what the snapshot written holds. */
  public BackupStatusBuilder snapshot(String id, long fileCount, long bytesRead, long added) {
    this.snapshotId = id;
    this.files = fileCount;
    this.bytes = bytesRead;
    this.bytesAdded = added;
    return this;
  }

  /** Sets the application versions recorded, as {@code APP=VERSION}. */
  public BackupStatusBuilder appVersions(List<String> value) {
    this.appVersions = List.copyOf(value);
    return this;
  }

  /** Adds lines to the errors. */
  public BackupStatusBuilder addErrors(List<String> lines) {
    if (lines.isEmpty()) {
      return this;
    }
    List<String> all = new ArrayList<>(errors == null ? List.of() : errors);
    all.addAll(lines);
    this.errors = List.copyOf(all);
    return this;
  }

  /** Sets condition {@code type}; an unchanged status keeps its transition time. */
  public BackupStatusBuilder condition(
      String type, boolean status, String reason, String message, long generation, Instant now) {
    this.conditions = Conditions.with(conditions, type, status, reason, message, generation, now);
    return this;
  }

  /** Adds what hooks did, after what earlier hooks did. */
  public BackupStatusBuilder addHooks(List<HookResult> results) {
    List<HookResult> all = new ArrayList<>(hooks == null ? List.of() : hooks);
    all.addAll(results);
    this.hooks = List.copyOf(all);
    return this;
  }

  /** Sets how the volume is read: {@code live}, or {@code snapshot} with its class. */
  public BackupStatusBuilder consistency(String mode, String snapshotClass) {
    this.consistency = mode;
    this.volumeSnapshotClass = snapshotClass;
    return this;
  }

  /** The status. */
  public BackupStatus build() {
    return new BackupStatus(
        phase,
        node,
        startTime,
        completionTime,
        heartbeatTime,
        snapshotId,
        files,
        bytes,
        bytesAdded,
        appVersions,
        errors,
        conditions,
        hooks,
        consistency,
        volumeSnapshotClass);
  }
}
