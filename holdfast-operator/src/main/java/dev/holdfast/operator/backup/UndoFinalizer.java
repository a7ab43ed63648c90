package dev.holdfast.operator.backup;

import dev.holdfast.operator.api.Backup;
import dev.holdfast.operator.kube.ConflictRetry;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The finalizer {@value #NAME}, which a Backup carries only while something of it must be undone
 * (docs/DESIGN.md, "Deleting a Backup"): it is put on before the pre hooks run or a CSI snapshot is
 * requested, and taken off once the post hooks ran and the snapshot's clone is gone. A Backup that
 * never reached its hooks, and one whose end was handled, has none, so deleting it is immediate and
 * costs nothing. Both writes replace the Backup with the resourceVersion of the copy given (which
 * the caller has just read or written), so a write in between (the agent's heartbeat, a label)
 * makes the API server refuse it, and it is read and tried again.
 */
public final class UndoFinalizer {
  /** The finalizer's name. */
  public static final String NAME = "holdfast.dev/undo";

  private static final int ATTEMPTS = 5;

  private final KubernetesClient client;
  private final BackupStatusWriter reader;

  UndoFinalizer(KubernetesClient client, BackupStatusWriter reader) {
    this.client = client;
    this.reader = reader;
  }

  /** Whether {@code backup} carries the finalizer. */
  public static boolean holds(Backup backup) {
    List<String> finalizers = backup.getMetadata().getFinalizers();
    return finalizers != null && finalizers.contains(NAME);
  }

  /**
   * Puts the finalizer on {@code backup} (if it has not got it yet).
   *
   * @return the Backup as written, or empty when it was deleted or is being deleted: then nothing
   *     may begin that would have to be undone (the API server refuses new finalizers then anyway)
   */
  Optional<Backup> add(Backup backup) {
    if (holds(backup) && !backup.isMarkedForDeletion()) {
      return Optional.of(backup);
    }
    return write(backup, true);
  }

  /**
   * Takes the finalizer off {@code backup}, if it has it.
   *
   * @return the Backup as written (empty when the API server removed it at once, being deleted)
   */
  Optional<Backup> remove(Backup backup) {
    if (!holds(backup)) {
      return Optional.of(backup);
    }
    return write(backup, false);
  }

  private Optional<Backup> write(Backup backup, boolean add) {
    return ConflictRetry.upTo(ATTEMPTS, attempt -> writeOnce(backup, add, attempt));
  }

  private Optional<Backup> writeOnce(Backup backup, boolean add, int attempt) {
    String namespace = backup.getMetadata().getNamespace();
    String name = backup.getMetadata().getName();
    // The caller's copy was just read or written; only after a conflict is it read again.
    Optional<Backup> read =
        attempt == 0
            ? Optional.of(client.getKubernetesSerialization().clone(backup))
            : reader.read(namespace, name);
    if (read.isEmpty()
        || !read.get().getMetadata().getUid().equals(backup.getMetadata().getUid())) {
      return Optional.empty();
    }
    Backup current = read.get();
    if (add && current.isMarkedForDeletion()) {
      return Optional.empty();
    }
    if (holds(current) == add) {
      return Optional.of(current);
    }
    List<String> finalizers =
        new ArrayList<>(
            current.getMetadata().getFinalizers() == null
                ? List.of()
                : current.getMetadata().getFinalizers());
    if (add) {
      finalizers.add(NAME);
    } else {
      finalizers.remove(NAME);
    }
    current.getMetadata().setFinalizers(finalizers);
    return Optional.ofNullable(
        client.resources(Backup.class).inNamespace(namespace).resource(current).update());
  }
}
