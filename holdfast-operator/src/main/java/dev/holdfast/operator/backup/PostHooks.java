package dev.holdfast.operator.backup;

import dev.holdfast.operator.api.Backup;
import dev.holdfast.operator.api.BackupSpec;
import dev.holdfast.operator.api.HookSpec;
import dev.holdfast.operator.hooks.HookFailed;
import dev.holdfast.operator.hooks.HookRunner;
import dev.holdfast.operator.hooks.HookRunner.HookReport;
import dev.holdfast.operator.hooks.HookStage;
import dev.holdfast.operator.hooks.HookTimedOut;
import dev.holdfast.operator.kube.Conditions;
import dev.holdfast.operator.kube.EventRecorder;
import dev.holdfast.operator.workload.ClaimPods;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs a Backup's post hooks once: when it ended (however), or, with a CSI snapshot, as soon as the
 * snapshot is cut. They run only if the pre stage began, since they undo what the pre hooks did;
 * the condition {@code PostHooksDone} records that they ran and how it went.
 */
final class PostHooks {
  private final HookRunner hooks;
  private final ClaimPods claimPods;
  private final BackupStatusWriter writer;
  private final EventRecorder events;
  private final Clock clock;

  PostHooks(
      HookRunner hooks,
      ClaimPods claimPods,
      BackupStatusWriter writer,
      EventRecorder events,
      Clock clock) {
    this.hooks = hooks;
    this.claimPods = claimPods;
    this.writer = writer;
    this.events = events;
    this.clock = clock;
  }

  /** Runs them and records it; empty when the Backup was deleted meanwhile. */
  Optional<Backup> run(Backup backup) {
    List<HookSpec> post = of(backup);
    String reason;
    String message;
    HookReport report = HookReport.NONE;
    boolean preStageBegan =
        BackupStart.has(backup, BackupConditions.PRE_HOOKS_STARTED)
            || BackupStart.has(backup, BackupConditions.PRE_HOOKS_SUCCEEDED);
    if (post.isEmpty()) {
      reason = "NoHooks";
      message = "no post hooks";
    } else if (!preStageBegan) {
      reason = "Skipped";
      message = "the backup ended before its pre hooks, so there is nothing to undo";
    } else {
      List<Pod> pods = claimPods.running(backup.getSpec().claim());
      if (pods.isEmpty()) {
        reason = "Skipped";
        message = "no running pod mounts claim " + backup.getSpec().claim() + " any more";
      } else {
        report = hooks.run(HookStage.POST, post, pods);
        reason = report.failure().map(f -> f.getClass().getSimpleName()).orElse("Succeeded");
        message =
            report
                .failure()
                .map(HookFailed::getMessage)
                .orElse(report.results().size() + " post hook runs succeeded");
      }
    }
    HookReport ran = report;
    Instant now = clock.instant();
    Optional<Backup> written =
        writer.update(
            backup,
            b -> !BackupStart.has(b, BackupConditions.POST_HOOKS_DONE),
            s -> {
              BackupStatusBuilder next =
                  BackupStatusBuilder.from(s)
                      .addHooks(ran.results())
                      .condition(
                          BackupConditions.POST_HOOKS_DONE,
                          true,
                          reason,
                          message,
                          BackupStart.generation(backup),
                          now);
              ran.failure().ifPresent(f -> next.addErrors(List.of(f.getMessage())));
              return next.build();
            });
    ran.failure()
        .ifPresent(f -> events.warning(backup, f.getClass().getSimpleName(), f.getMessage()));
    return written;
  }

  /** Whether a post hook with {@code onError: fail} failed, as the condition recorded it. */
  static boolean failed(Backup backup) {
    return backup.getStatus() != null
        && Conditions.find(backup.getStatus().conditions(), BackupConditions.POST_HOOKS_DONE)
            .map(
                c ->
                    HookFailed.class.getSimpleName().equals(c.getReason())
                        || HookTimedOut.class.getSimpleName().equals(c.getReason()))
            .orElse(false);
  }

  static List<HookSpec> of(Backup backup) {
    BackupSpec spec = backup.getSpec();
    return spec == null || spec.hooks() == null || spec.hooks().post() == null
        ? List.of()
        : spec.hooks().post();
  }
}
