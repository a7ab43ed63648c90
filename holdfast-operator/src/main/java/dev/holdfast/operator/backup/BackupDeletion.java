package dev.holdfast.operator.backup;

import dev.holdfast.operator.api.Backup;
import dev.holdfast.operator.kube.Conditions;
import dev.holdfast.operator.kube.EventRecorder;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.Optional;

/**
 * A Backup deleted while its {@link UndoFinalizer} holds it (docs/DESIGN.md, "Deleting a Backup"):
 * runs the post hooks if the pre stage began and they have not run, removes a CSI snapshot's clone,
 * says so in a Warning event, and takes the finalizer off, so the API server deletes the Backup.
 * Each step is recorded or harmless to repeat, so an operator restarted in the middle finishes it.
 * A failure (a post hook, the API) is reported, never waited out: the deletion always completes.
 */
final class BackupDeletion {
  private final PostHooks postHooks;
  private final CloneRemoval clones;
  private final UndoFinalizer finalizer;
  private final BackupStatusWriter writer;
  private final EventRecorder events;

  BackupDeletion(
      PostHooks postHooks,
      CloneRemoval clones,
      UndoFinalizer finalizer,
      BackupStatusWriter writer,
      EventRecorder events) {
    this.postHooks = postHooks;
    this.clones = clones;
    this.finalizer = finalizer;
    this.writer = writer;
    this.events = events;
  }

  /** Undoes what {@code backup}, marked for deletion, left to undo, then lets it go. */
  void undo(Backup backup) {
    if (!UndoFinalizer.holds(backup)) {
      return;
    }
    String phase = BackupPhase.of(backup).map(BackupPhase::text).orElse("an unknown phase");
    Backup current = backup;
    if (!BackupStart.has(current, BackupConditions.POST_HOOKS_DONE)) {
      Optional<Backup> ran = postHooks.run(current);
      // Empty when another run recorded them just before: the Backup as it is now says.
      Optional<Backup> read =
          ran.isPresent()
              ? ran
              : writer.read(current.getMetadata().getNamespace(), current.getMetadata().getName());
      if (read.isEmpty()
          || !read.get().getMetadata().getUid().equals(current.getMetadata().getUid())) {
        return;
      }
      current = read.get();
    }
    boolean cloneGone = clones.remove(current);
    events.warning(
        current,
        "Deleted",
        "deleted while "
            + phase
            + "; post hooks: "
            + postHooksOutcome(current)
            + (CloneRemoval.readsSnapshot(current)
                ? cloneGone
                    ? "; the snapshot, clone and data mover were deleted"
                    : "; the snapshot, clone and data mover could not all be deleted"
                : ""));
    finalizer.remove(current);
  }

  private static String postHooksOutcome(Backup backup) {
    return Optional.ofNullable(backup.getStatus())
        .flatMap(s -> Conditions.find(s.conditions(), BackupConditions.POST_HOOKS_DONE))
        .map(BackupDeletion::describe)
        .orElse("not recorded");
  }

  private static String describe(Condition done) {
    return done.getReason() + " (" + done.getMessage() + ")";
  }
}
