package dev.holdfast.operator.backup;

import dev.holdfast.core.HoldfastException;
import dev.holdfast.operator.api.Backup;
import dev.holdfast.operator.api.BackupStatus;
import dev.holdfast.operator.kube.ByteSizes;
import dev.holdfast.operator.kube.EventRecorder;
import dev.holdfast.operator.kube.KubeTimes;
import dev.holdfast.operator.metrics.BackupMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finishes a Backup that reached an end (docs/DESIGN.md, "The backup protocol", step 4): runs the
 * post hooks if they have not run, removes a CSI snapshot's clone, counts the end in the metrics,
 * reports it as an event, and hands the Backup to the {@link BackupCompletion} (the policy's
 * retention). Each part is marked done in the status ({@code PostHooksDone}, then {@code
 * Finished}), so a restarted operator does only what is left; then nothing is left to undo, and the
 * {@link UndoFinalizer} comes off.
 */
final class BackupEnd {
  private final PostHooks postHooks;
  private final CloneRemoval clones;
  private final UndoFinalizer finalizer;
  private final BackupStatusWriter writer;
  private final BackupMetrics metrics;
  private final EventRecorder events;
  private final BackupCompletion completion;
  private final Clock clock;

  BackupEnd(
      PostHooks postHooks,
      CloneRemoval clones,
      UndoFinalizer finalizer,
      BackupStatusWriter writer,
      BackupMetrics metrics,
      EventRecorder events,
      BackupCompletion completion,
      Clock clock) {
    this.postHooks = postHooks;
    this.clones = clones;
    this.finalizer = finalizer;
    this.writer = writer;
    this.metrics = metrics;
    this.events = events;
    this.completion = completion;
    this.clock = clock;
  }

  /** Does what is left of the end of {@code backup}, whose phase is an end. */
  void finish(Backup backup) {
    Backup current = backup;
    if (!BackupStart.has(current, BackupConditions.POST_HOOKS_DONE)) {
      Optional<Backup> ran = postHooks.run(current);
      if (ran.isEmpty()) {
        return;
      }
      current = ran.get();
    }
    if (BackupStart.has(current, BackupConditions.FINISHED)) {
      // Finished, but stopped before the finalizer came off (an operator restart).
      finalizer.remove(current);
      return;
    }
    clones.remove(current);
    // A post hook that failed leaves the application as the pre hooks made it: the data is
    // saved, but the user must look, as with unreadable files.
    BackupPhase phase = BackupPhase.of(current).orElse(BackupPhase.FAILED);
    BackupPhase end =
        phase == BackupPhase.COMPLETED && PostHooks.failed(current)
            ? BackupPhase.PARTIALLY_FAILED
            : phase;
    Instant now = clock.instant();
    BackupStatus before = current.getStatus();
    // A view with the final phase for metrics, events and the completion; the informer's copy of
    // the Backup is never changed in place.
    Backup view = new Backup();
    view.setMetadata(current.getMetadata());
    view.setSpec(current.getSpec());
    view.setStatus(
        BackupStatusBuilder.from(before)
            .phase(end)
            .completionTime(
                before.completionTime() == null ? KubeTimes.format(now) : before.completionTime())
            .build());
    count(view, end, now);
    report(view, end);
    boolean done = true;
    String reason = "Succeeded";
    String message = "the backup's end was handled";
    try {
      completion.completed(view);
    } catch (HoldfastException e) {
      done = false;
      reason = e.getClass().getSimpleName();
      message = e.getMessage();
      events.warning(view, reason, message);
    }
    boolean ok = done;
    String why = reason;
    String what = message;
    BackupStatus ended = view.getStatus();
    writer
        .update(
            current,
            b -> !BackupStart.has(b, BackupConditions.FINISHED),
            s ->
                BackupStatusBuilder.from(s)
                    .phase(end)
                    .completionTime(ended.completionTime())
                    .condition(
                        BackupConditions.FINISHED,
                        ok,
                        why,
                        what,
                        BackupStart.generation(backup),
                        now)
                    .build())
        .ifPresent(finalizer::remove);
  }

  private void count(Backup backup, BackupPhase end, Instant now) {
    BackupStatus s = backup.getStatus();
    metrics.ended(
        backup.getSpec().claim().namespace(),
        backup.getSpec().claim().name(),
        backup.getSpec().policy(),
        end.name().toLowerCase(Locale.ROOT),
        KubeTimes.parse(s.startTime()),
        KubeTimes.parse(s.completionTime()).orElse(now),
        s.bytes() == null ? 0 : s.bytes(),
        s.bytesAdded() == null ? 0 : s.bytesAdded());
  }

  private void report(Backup backup, BackupPhase end) {
    BackupStatus s = backup.getStatus();
    List<String> errors = s.errors() == null ? List.of() : s.errors();
    String claim = "claim " + backup.getSpec().claim();
    if (end == BackupPhase.FAILED) {
      events.warning(
          backup,
          "Failed",
          claim + ": " + (errors.isEmpty() ? "no reason recorded" : errors.get(errors.size() - 1)));
      return;
    }
    String saved =
        "snapshot "
            + shortId(s.snapshotId())
            + " of "
            + claim
            + ": "
            + (s.files() == null ? 0 : s.files())
            + " files, "
            + ByteSizes.format(s.bytes() == null ? 0 : s.bytes())
            + " read, "
            + ByteSizes.format(s.bytesAdded() == null ? 0 : s.bytesAdded())
            + " added";
    if (end == BackupPhase.COMPLETED) {
      events.normal(backup, "Completed", saved);
    } else {
      events.warning(
          backup,
          "PartiallyFailed",
          saved
              + "; "
              + errors.size()
              + " problems, the first: "
              + (errors.isEmpty() ? "" : errors.get(0)));
    }
  }

  private static String shortId(String id) {
    return id == null ? "(none)" : id.substring(0, Math.min(8, id.length()));
  }
}
