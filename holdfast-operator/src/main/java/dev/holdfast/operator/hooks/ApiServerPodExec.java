package dev.holdfast.operator.hooks;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one command in one container of a pod through the API server's {@code pods/exec}, as {@code
 * kubectl exec} does, and waits for its exit code at most a given time. Only the last {@link
 * #OUTPUT_LIMIT} bytes of its output are kept.
 */
public final class ApiServerPodExec implements PodExec {
  private final KubernetesClient client;

  /** Runs commands with {@code client}. */
  public ApiServerPodExec(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public ExecOutcome run(
      String namespace, String pod, String container, List<String> command, Duration timeout) {
    OutputTail tail = new OutputTail(OUTPUT_LIMIT);
    try (ExecWatch watch =
        client
            .pods()
            .inNamespace(namespace)
            .withName(pod)
            .inContainer(container)
            .writingOutput(tail)
            .writingError(tail)
            .exec(command.toArray(String[]::new))) {
      Integer exit = watch.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (exit == null || exit < 0) {
        return ExecOutcome.error("the exec stream ended without an exit status", tail.text());
      }
      return ExecOutcome.exited(exit, tail.text());
    } catch (TimeoutException e) {
      return ExecOutcome.timedOut(tail.text());
    } catch (ExecutionException e) {
      return ExecOutcome.error(describe(e.getCause()), tail.text());
    } catch (KubernetesClientException e) {
      return ExecOutcome.error(describe(e), tail.text());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExecOutcome.error("interrupted while waiting for the command", tail.text());
    }
  }

  private static String describe(Throwable e) {
    if (e instanceof KubernetesClientException k && k.getCode() > 0) {
      return "exec refused (HTTP " + k.getCode() + ")";
    }
    return "exec failed: " + (e == null ? "unknown error" : e.getClass().getSimpleName());
  }
}
