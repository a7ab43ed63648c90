package dev.holdfast.operator.consistency;

import io.fabric8.kubernetes.api.model.Pod;

/** Where a snapshot clone for one backup stands; {@link SnapshotClone#advance} returns it. */
public sealed interface CloneProgress {
  /**
   * Not ready yet; ask again later.
   *
   * @param reason what is awaited, for the Backup's status
   * @param pointInTimeTaken whether the snapshot was cut, after which post hooks may run
   */
  record Waiting(String reason, boolean pointInTimeTaken) implements CloneProgress {}

  /**
   * The clone is mounted on a node by the data-mover pod: that node's agent reads it.
   *
   * @param mover the data-mover pod (its uid and node locate the folder)
   * @param volumeName the PersistentVolume bound to the clone
   */
  record Ready(Pod mover, String volumeName) implements CloneProgress {}

  /**
   * The snapshot or the clone failed; nothing more will come of it.
   *
   * @param message what failed, for the Backup's status
   */
  record Failed(String message) implements CloneProgress {}
}
