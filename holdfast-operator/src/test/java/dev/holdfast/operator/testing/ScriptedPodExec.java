package dev.holdfast.operator.testing;

import dev.holdfast.operator.hooks.PodExec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The containers' side of hooks, played in process: each command in each pod is scripted to print
 * some output and exit with a code, or to hang; every call is recorded, so a test sees which
 * commands ran in which pod and container, in which order, with which timeout. A hanging command
 * really blocks its caller until the timeout it was given has passed, as an exec that Kubernetes
 * keeps open would. Safe for the operator's reconciler threads.
 */
public final class ScriptedPodExec implements PodExec {
  private final Map<Target, Script> scripts = new ConcurrentHashMap<>();
  private final List<Call> calls = new ArrayList<>();
  private final CountDownLatch never = new CountDownLatch(1);

  /**
   * Scripts every run of {@code command} in {@code pod} of {@code namespace}: it prints {@code
   * output} and exits {@code exitCode}.
   */
  public ScriptedPodExec answers(
      String namespace, String pod, List<String> command, String output, int exitCode) {
    scripts.put(new Target(namespace, pod, command), new Script(output, exitCode, false));
    return this;
  }

  /**
   * Scripts every run of {@code command} in {@code pod} of {@code namespace} to print {@code
   * output} and then never end: the caller waits out its timeout.
   */
  public ScriptedPodExec hangs(String namespace, String pod, List<String> command, String output) {
    scripts.put(new Target(namespace, pod, command), new Script(output, 0, true));
    return this;
  }

  /** Every call so far, in the order they were made. */
  public List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  /**
   * Plays the script of {@code command} in {@code pod}; a command nobody scripted cannot be run, as
   * the API server refuses an exec in a pod or container that does not exist.
   */
  @Override
  public ExecOutcome run(
      String namespace, String pod, String container, List<String> command, Duration timeout) {
    synchronized (calls) {
      calls.add(new Call(namespace, pod, container, List.copyOf(command), timeout));
    }
    Script script = scripts.get(new Target(namespace, pod, command));
    if (script == null) {
      return ExecOutcome.error("exec refused: no script for " + command + " in " + pod, "");
    }
    String output = tail(script.output());
    if (!script.hangs()) {
      return ExecOutcome.exited(script.exitCode(), output);
    }
    try {
      // Nothing counts this latch down: the wait ends when the timeout has passed.
      never.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return ExecOutcome.timedOut(output);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExecOutcome.error("interrupted while waiting for the command", output);
    }
  }

  /** The last {@link #OUTPUT_LIMIT} characters, outer white space removed, as the real exec. */
  private static String tail(String output) {
    String stripped = output.strip();
    return stripped.length() <= OUTPUT_LIMIT
        ? stripped
        : stripped.substring(stripped.length() - OUTPUT_LIMIT).strip();
  }

  /**
   * One run of a command.
   *
   * @param namespace the pod's namespace
   * @param pod the pod's name
   * @param container the container it ran in
   * @param command the command and its arguments
   * @param timeout how long the caller was willing to wait
   */
  public record Call(
      String namespace, String pod, String container, List<String> command, Duration timeout) {
    /** {@code command words@pod/container}, for compact assertions. */
    public String describe() {
      return String.join(" ", command) + "@" + pod + "/" + container;
    }
  }

  private record Target(String namespace, String pod, List<String> command) {
    Target {
      command = List.copyOf(command);
    }
  }

  private record Script(String output, int exitCode, boolean hangs) {}
}
