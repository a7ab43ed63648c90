package dev.holdfast.operator.hooks;

import java.time.Duration;
import java.util.List;

/**
 * Runs one command in one container of a pod and waits for it at most a given time: what a hook
 * needs from the cluster. {@link ApiServerPodExec} does it through the API server's {@code
 * pods/exec}; tests use an in-process double, so hook behaviour is tested without a websocket.
 */
public interface PodExec {
  /**
   * How many bytes of a command's combined stdout and stderr an outcome keeps at most (the tail).
   */
  int OUTPUT_LIMIT = 512;

  /**
   * Runs {@code command} in {@code container} of pod {@code namespace/pod} and waits for it at most
   * {@code timeout}. Never throws for a command that fails, cannot be run or outlasts its timeout:
   * the outcome says which; safe to call from several threads at once.
   */
  ExecOutcome run(
      String namespace, String pod, String container, List<String> command, Duration timeout);

  /**
   * How a command ended.
   *
   * @param exitCode its exit code, when it ended with one
   * @param timedOut whether Holdfast stopped waiting for it
   * @param problem why it could not be run or waited for, when that happened
   * @param output the tail of its stdout and stderr
   */
  record ExecOutcome(Integer exitCode, boolean timedOut, String problem, String output) {
    /** The command exited {@code code}, having printed {@code output}. */
    public static ExecOutcome exited(int code, String output) {
      return new ExecOutcome(code, false, null, output);
    }

    /** The command outlasted its timeout, having printed {@code output} so far. */
    public static ExecOutcome timedOut(String output) {
      return new ExecOutcome(null, true, null, output);
    }

    /** The command could not be run or waited for, because of {@code problem}. */
    public static ExecOutcome error(String problem, String output) {
      return new ExecOutcome(null, false, problem, output);
    }

    /** True when the command ran and exited zero. */
    public boolean succeeded() {
      return exitCode != null && exitCode == 0;
    }
  }
}
