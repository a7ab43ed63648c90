package dev.holdfast.operator.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.holdfast.operator.api.HookResult;
import dev.holdfast.operator.api.HookSpec;
import dev.holdfast.operator.hooks.HookRunner.HookReport;
import dev.holdfast.operator.testing.ScriptedPodExec;
import dev.holdfast.operator.testing.ScriptedPodExec.Call;
import dev.holdfast.operator.testing.Workloads;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hooks run in process against {@link ScriptedPodExec}, which records every command and plays its
 * script; {@link ApiServerPodExecTest} covers the real {@code pods/exec}.
 */
class HookRunnerTest {
  private static final String NS = "shop";

  private final ScriptedPodExec exec = new ScriptedPodExec();
  private final HookRunner runner = new HookRunner(exec);
  private final List<Pod> pods = List.of(pod("db-0"), pod("db-1"));

  @Test
  void hooksRunInTheirOrderEachInEveryPodBeforeTheNext() {
    for (Pod pod : pods) {
      exec.answers(NS, name(pod), List.of("flush"), "flushed\n", 0);
      exec.answers(NS, name(pod), List.of("freeze"), "", 0);
    }

    HookReport report =
        runner.run(HookStage.PRE, List.of(hook("flush", null), hook("freeze", null)), pods);

    assertThat(report.succeeded()).isTrue();
    assertThat(report.results())
        .extracting(r -> r.name() + "@" + r.pod())
        .containsExactly("flush@db-0", "flush@db-1", "freeze@db-0", "freeze@db-1");
    assertThat(report.results().get(0))
        .isEqualTo(new HookResult("pre", "flush", "db-0", "app", "Succeeded", 0, "flushed"));
    assertThat(exec.calls())
        .extracting(Call::describe)
        .containsExactly("flush@db-0/app", "flush@db-1/app", "freeze@db-0/app", "freeze@db-1/app");
    assertThat(exec.calls())
        .extracting(Call::namespace, Call::timeout)
        .containsOnly(tuple(NS, HookRunner.DEFAULT_TIMEOUT));
  }

  @Test
  void aHookRunsInTheContainerItNamesOrElseInThePodsFirst() {
    Pod withSidecar =
        new PodBuilder(pod("db-0"))
            .editSpec()
            .addNewContainer()
            .withName("sidecar")
            .endContainer()
            .endSpec()
            .build();
    exec.answers(NS, "db-0", List.of("sync"), "", 0);
    exec.answers(NS, "db-0", List.of("flush"), "", 0);

    HookReport report =
        runner.run(
            HookStage.PRE,
            List.of(
                new HookSpec("sync", "sidecar", List.of("sync"), null, null), hook("flush", null)),
            List.of(withSidecar));

    assertThat(report.succeeded()).isTrue();
    assertThat(exec.calls())
        .extracting(Call::describe)
        .containsExactly("sync@db-0/sidecar", "flush@db-0/app");
    assertThat(report.results())
        .extracting(HookResult::container)
        .containsExactly("sidecar", "app");
  }

  @Test
  void aFailingPreHookThatMustNotFailStopsTheRestAndSaysWhy() {
    for (Pod pod : pods) {
      exec.answers(NS, name(pod), List.of("flush"), "disk full\n", 3);
      exec.answers(NS, name(pod), List.of("freeze"), "", 0);
    }

    HookReport report =
        runner.run(HookStage.PRE, List.of(hook("flush", "fail"), hook("freeze", null)), pods);

    assertThat(report.failure())
        .get()
        .isExactlyInstanceOf(HookFailed.class)
        .extracting(Throwable::getMessage)
        .isEqualTo("pre hook 'flush' in pod db-0 (container app) exited 3: disk full");
    assertThat(report.results())
        .extracting(r -> r.name() + "@" + r.pod() + "=" + r.outcome())
        .as("the failing hook ran in every pod; the next hook never ran")
        .containsExactly("flush@db-0=Failed", "flush@db-1=Failed");
    assertThat(exec.calls())
        .extracting(Call::describe)
        .containsExactly("flush@db-0/app", "flush@db-1/app");
  }

  @Test
  void aFailingHookThatMayContinueLetsTheNextOnesRun() {
    for (Pod pod : pods) {
      exec.answers(NS, name(pod), List.of("flush"), "", 1);
      exec.answers(NS, name(pod), List.of("freeze"), "", 0);
    }

    HookReport report =
        runner.run(HookStage.PRE, List.of(hook("flush", "continue"), hook("freeze", null)), pods);

    assertThat(report.succeeded()).isTrue();
    assertThat(report.results())
        .extracting(HookResult::outcome)
        .containsExactly("Failed", "Failed", "Succeeded", "Succeeded");
  }

  @Test
  void postHooksAllRunEvenAfterOneFailed() {
    for (Pod pod : pods) {
      exec.answers(NS, name(pod), List.of("thaw"), "", 2);
      exec.answers(NS, name(pod), List.of("notify"), "", 0);
    }

    HookReport report =
        runner.run(HookStage.POST, List.of(hook("thaw", "fail"), hook("notify", null)), pods);

    assertThat(report.failure())
        .get()
        .extracting(Throwable::getMessage)
        .isEqualTo("post hook 'thaw' in pod db-0 (container app) exited 2");
    assertThat(exec.calls())
        .extracting(Call::describe)
        .containsExactly("thaw@db-0/app", "thaw@db-1/app", "notify@db-0/app", "notify@db-1/app");
    assertThat(report.results())
        .extracting(HookResult::outcome)
        .containsExactly("Failed", "Failed", "Succeeded", "Succeeded");
  }

  @Test
  void aHookThatOutlastsItsTimeoutFailsAsATimeout() {
    exec.hangs(NS, "db-0", List.of("checkpoint"), "working\n");
    exec.answers(NS, "db-0", List.of("after"), "", 0);

    HookReport report =
        runner.run(
            HookStage.PRE,
            List.of(
                new HookSpec("checkpoint", null, List.of("checkpoint"), "1s", null),
                hook("after", null)),
            pods.subList(0, 1));

    assertThat(report.failure())
        .get()
        .isExactlyInstanceOf(HookTimedOut.class)
        .extracting(Throwable::getMessage)
        .isEqualTo(
            "pre hook 'checkpoint' in pod db-0 (container app) did not finish within 1s: working");
    assertThat(report.results())
        .singleElement()
        .extracting(HookResult::outcome)
        .isEqualTo("TimedOut");
    assertThat(report.results().get(0).exitCode()).isNull();
    assertThat(exec.calls())
        .as("waited the hook's own timeout, and ran nothing after it")
        .extracting(Call::describe, Call::timeout)
        .containsExactly(tuple("checkpoint@db-0/app", Duration.ofSeconds(1)));
  }

  @Test
  void aTimedOutHookThatMayContinueLetsTheNextOnesRun() {
    exec.hangs(NS, "db-0", List.of("checkpoint"), "");
    exec.answers(NS, "db-0", List.of("after"), "", 0);

    HookReport report =
        runner.run(
            HookStage.PRE,
            List.of(
                new HookSpec("checkpoint", null, List.of("checkpoint"), "1s", "continue"),
                hook("after", null)),
            pods.subList(0, 1));

    assertThat(report.succeeded()).isTrue();
    assertThat(report.results())
        .extracting(HookResult::outcome)
        .containsExactly("TimedOut", "Succeeded");
  }

  @Test
  void aCommandThatCannotRunIsAnErrorNotASuccess() {
    HookReport report =
        runner.run(HookStage.PRE, List.of(hook("missing", null)), pods.subList(0, 1));

    assertThat(report.failure())
        .get()
        .extracting(Throwable::getMessage)
        .asString()
        .startsWith("pre hook 'missing' in pod db-0 (container app) could not run: exec refused");
    assertThat(report.results().get(0).outcome()).isEqualTo("Error");
    assertThat(report.results().get(0).exitCode()).isNull();
  }

  @Test
  void aBadTimeoutIsRefusedBeforeAnyHookRuns() {
    exec.answers(NS, "db-0", List.of("flush"), "", 0);

    assertThatThrownBy(
            () ->
                runner.run(
                    HookStage.PRE,
                    List.of(
                        hook("flush", null),
                        new HookSpec("later", null, List.of("x"), "soon", null)),
                    pods))
        .hasMessage("hooks.pre[1].timeout: 'soon' is not a duration such as 30s, 15m, 24h, 7d");
    assertThat(exec.calls()).isEmpty();
  }

  private static Pod pod(String name) {
    return Workloads.runningPod(NS, name, "node-a", "data", "sha256:" + "a".repeat(64), Map.of());
  }

  private static HookSpec hook(String command, String onError) {
    return new HookSpec(command, null, List.of(command), null, onError);
  }

  private static String name(Pod pod) {
    return pod.getMetadata().getName();
  }
}
