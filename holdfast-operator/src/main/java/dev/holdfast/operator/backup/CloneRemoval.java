package dev.holdfast.operator.backup;

import dev.holdfast.operator.api.Backup;
import dev.holdfast.operator.consistency.SnapshotClone;
import dev.holdfast.operator.kube.EventRecorder;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Removes what a Backup read through a CSI snapshot made (the VolumeSnapshot, the cloned claim, the
 * data-mover pod), at its end or at its deletion. Deleting what is already gone is fine, so it may
 * run again after a restart; when the API refuses, a Warning event names the label to delete by.
 */
final class CloneRemoval {
  private final SnapshotClone clones;
  private final EventRecorder events;

  CloneRemoval(SnapshotClone clones, EventRecorder events) {
    this.clones = clones;
    this.events = events;
  }

  /**
   * Removes the clone of {@code backup} if it read through a CSI snapshot.
   *
   * @return whether nothing of it is left (or there never was anything)
   */
  boolean remove(Backup backup) {
    if (!readsSnapshot(backup)) {
      return true;
    }
    String name =
        SnapshotClone.nameFor(backup.getMetadata().getNamespace(), backup.getMetadata().getName());
    try {
      clones.cleanUp(backup.getSpec().claim().namespace(), name);
      return true;
    } catch (KubernetesClientException e) {
      events.warning(
          backup,
          "CleanupFailed",
          "could not delete the snapshot, clone and data mover "
              + name
              + " (HTTP "
              + e.getCode()
              + "); delete what carries label "
              + SnapshotClone.LABEL);
      return false;
    }
  }

  /** Whether {@code backup} reads its claim through a CSI snapshot's clone. */
  static boolean readsSnapshot(Backup backup) {
    return backup.getStatus() != null
        && BackupStart.SNAPSHOT.equals(backup.getStatus().consistency());
  }
}
