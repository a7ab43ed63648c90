package dev.holdfast.operator.hooks;

import dev.holdfast.core.UsageError;
import dev.holdfast.operator.api.HookResult;
import dev.holdfast.operator.api.HookSpec;
import dev.holdfast.operator.hooks.PodExec.ExecOutcome;
import dev.holdfast.operator.kube.KubeTimes;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the hooks of one stage in the pods that mount a claim: hook by hook in the spec's order,
 * each in every pod before the next hook starts (so "flush" has run everywhere before "freeze").
 * Pre hooks stop at the first failure of a hook whose {@code onError} is {@code fail}; post hooks
 * all run whatever happened, since they undo what the pre hooks did.
 */
public final class HookRunner {
  /** How long a hook may run when its spec gives no timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final PodExec exec;

  /** Runs hooks with {@code exec}. */
  public HookRunner(PodExec exec) {
    this.exec = exec;
  }

  /**
   * Checks every hook of {@code hooks} before any runs: a bad timeout or on-error policy fails the
   * backup before the application was touched.
   *
   * @throws UsageError naming the hook and the field
   */
  public static void validate(HookStage stage, List<HookSpec> hooks) {
    for (int i = 0; i < hooks.size(); i++) {
      HookSpec hook = hooks.get(i);
      String where = "hooks." + stage.label() + "[" + i + "]";
      if (hook.command() == null || hook.command().isEmpty()) {
        throw new UsageError(where + ": command is empty");
      }
      timeout(hook, where);
      failOnError(hook, where);
    }
  }

  /** Runs {@code hooks} of {@code stage} in {@code pods}, as the class comment says. */
  public HookReport run(HookStage stage, List<HookSpec> hooks, List<Pod> pods) {
    validate(stage, hooks);
    List<HookResult> results = new ArrayList<>();
    HookFailed failure = null;
    for (int i = 0; i < hooks.size(); i++) {
      HookSpec hook = hooks.get(i);
      String where = "hooks." + stage.label() + "[" + i + "]";
      Duration timeout = timeout(hook, where);
      boolean failOnError = failOnError(hook, where);
      for (Pod pod : pods) {
        String container = container(hook, pod);
        ExecOutcome outcome =
            exec.run(
                pod.getMetadata().getNamespace(),
                pod.getMetadata().getName(),
                container,
                hook.command(),
                timeout);
        HookResult result = result(stage, hook, pod, container, outcome);
        results.add(result);
        if (!outcome.succeeded() && failOnError && failure == null) {
          failure = failure(result, outcome, timeout);
        }
      }
      if (failure != null && stage == HookStage.PRE) {
        break;
      }
    }
    return new HookReport(List.copyOf(results), Optional.ofNullable(failure));
  }

  private static Duration timeout(HookSpec hook, String where) {
    return KubeTimes.duration(hook.timeout(), DEFAULT_TIMEOUT, where + ".timeout");
  }

  private static boolean failOnError(HookSpec hook, String where) {
    String onError = hook.onError();
    if (onError == null || onError.isEmpty() || "fail".equals(onError)) {
      return true;
    }
    if ("continue".equals(onError)) {
      return false;
    }
    throw new UsageError(where + ".onError: '" + onError + "' is neither fail nor continue");
  }

  /** The hook's container, or the pod's first one when the hook names none. */
  private static String container(HookSpec hook, Pod pod) {
    if (hook.container() != null && !hook.container().isEmpty()) {
      return hook.container();
    }
    List<Container> containers = pod.getSpec().getContainers();
    return containers == null || containers.isEmpty() ? "" : containers.get(0).getName();
  }

  private static HookResult result(
      HookStage stage, HookSpec hook, Pod pod, String container, ExecOutcome outcome) {
    String verdict;
    if (outcome.succeeded()) {
      verdict = "Succeeded";
    } else if (outcome.timedOut()) {
      verdict = "TimedOut";
    } else if (outcome.exitCode() != null) {
      verdict = "Failed";
    } else {
      verdict = "Error";
    }
    String output = outcome.output();
    if (outcome.problem() != null) {
      output = output.isEmpty() ? outcome.problem() : outcome.problem() + "; " + output;
    }
    return new HookResult(
        stage.label(),
        hook.name(),
        pod.getMetadata().getName(),
        container,
        verdict,
        outcome.exitCode(),
        output);
  }

  private static HookFailed failure(HookResult result, ExecOutcome outcome, Duration timeout) {
    String subject =
        result.stage()
            + " hook '"
            + result.name()
            + "' in pod "
            + result.pod()
            + " (container "
            + result.container()
            + ")";
    String tail = result.output().isEmpty() ? "" : ": " + oneLine(result.output());
    if (outcome.timedOut()) {
      return new HookTimedOut(
          subject + " did not finish within " + KubeTimes.formatDuration(timeout) + tail);
    }
    if (outcome.exitCode() != null) {
      return new HookFailed(subject + " exited " + outcome.exitCode() + tail);
    }
    return new HookFailed(subject + " could not run" + tail);
  }

  private static String oneLine(String text) {
    return text.replace('\n', ' ').replace('\t', ' ');
  }

  /**
   * What a stage did.
   *
   * @param results each hook in each pod, in the order run
   * @param failure the first failure of a hook whose {@code onError} is {@code fail}, if any
   */
  public record HookReport(List<HookResult> results, Optional<HookFailed> failure) {
    public HookReport {
      results = List.copyOf(results);
    }

    /** Nothing ran. */
    public static final HookReport NONE = new HookReport(List.of(), Optional.empty());

    /** True when no hook with {@code onError: fail} failed. */
    public boolean succeeded() {
      return failure.isEmpty();
    }
  }
}
