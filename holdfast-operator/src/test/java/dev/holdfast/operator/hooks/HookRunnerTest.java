package dev.holdfast.operator.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.operator.api.HookResult;
import dev.holdfast.operator.api.HookSpec;
import dev.holdfast.operator.hooks.HookRunner.HookReport;
import dev.holdfast.operator.testing.KubeTestCluster;
import dev.holdfast.operator.testing.Workloads;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hooks against the mock API, whose {@code pods/exec} answers are scripted per command. */
class HookRunnerTest {
  private static final String NS = "shop";

  @TempDir Path temp;
  private KubeTestCluster cluster;
  private Workloads workloads;
  private HookRunner runner;
  private List<Pod> pods;

  @BeforeEach
  void start() {
    cluster = KubeTestCluster.start();
    cluster.namespace(NS);
    workloads = new Workloads(cluster, temp);
    runner = new HookRunner(new PodExec(cluster.client()));
    pods =
        List.of(
            workloads.pod(NS, "db-0", "node-a", "data", "sha256:" + "a".repeat(64), Map.of()),
            workloads.pod(NS, "db-1", "node-b", "data", "sha256:" + "a".repeat(64), Map.of()));
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void hooksRunInTheirOrderEachInEveryPodBeforeTheNext() {
    for (Pod pod : pods) {
      workloads.execAnswers(NS, name(pod), List.of("flush"), "flushed\n", 0);
      workloads.execAnswers(NS, name(pod), List.of("freeze"), "", 0);
    }
    cluster.takeRequestPaths();

    HookReport report =
        runner.run(HookStage.PRE, List.of(hook("flush", null), hook("freeze", null)), pods);

    assertThat(report.succeeded()).isTrue();
    assertThat(report.results())
        .extracting(r -> r.name() + "@" + r.pod())
        .containsExactly("flush@db-0", "flush@db-1", "freeze@db-0", "freeze@db-1");
    assertThat(report.results().get(0))
        .isEqualTo(new HookResult("pre", "flush", "db-0", "app", "Succeeded", 0, "flushed"));
    assertThat(cluster.takeRequestPaths().stream().filter(p -> p.contains("/exec?")))
        .containsExactly(
            Workloads.execPath(NS, "db-0", List.of("flush")),
            Workloads.execPath(NS, "db-1", List.of("flush")),
            Workloads.execPath(NS, "db-0", List.of("freeze")),
            Workloads.execPath(NS, "db-1", List.of("freeze")));
  }

  @Test
  void aFailingPreHookThatMustNotFailStopsTheRestAndSaysWhy() {
    for (Pod pod : pods) {
      workloads.execAnswers(NS, name(pod), List.of("flush"), "disk full\n", 3);
      workloads.execAnswers(NS, name(pod), List.of("freeze"), "", 0);
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
  }

  @Test
  void aFailingHookThatMayContinueLetsTheNextOnesRun() {
    for (Pod pod : pods) {
      workloads.execAnswers(NS, name(pod), List.of("flush"), "", 1);
      workloads.execAnswers(NS, name(pod), List.of("freeze"), "", 0);
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
      workloads.execAnswers(NS, name(pod), List.of("thaw"), "", 2);
      workloads.execAnswers(NS, name(pod), List.of("notify"), "", 0);
    }

    HookReport report =
        runner.run(HookStage.POST, List.of(hook("thaw", "fail"), hook("notify", null)), pods);

    assertThat(report.failure())
        .get()
        .extracting(Throwable::getMessage)
        .asString()
        .startsWith("post hook 'thaw' in pod db-0");
    assertThat(report.results()).hasSize(4);
  }

  @Test
  @org.junit.jupiter.api.Disabled(
      "flaky: fabric8's mock server sometimes closes the scripted exec websocket at once instead"
          + " of holding it open, so the hook ends 'without an exit status' before its timeout"
          + " (seen in 1 of 3 clean builds); needs an exec double that really hangs")
  void aHookThatOutlastsItsTimeoutFailsAsATimeout() {
    workloads.execHangs(NS, "db-0", List.of("checkpoint"));

    HookReport report =
        runner.run(
            HookStage.PRE,
            List.of(new HookSpec("checkpoint", null, List.of("checkpoint"), "1s", null)),
            pods.subList(0, 1));

    assertThat(report.failure())
        .get()
        .isExactlyInstanceOf(HookTimedOut.class)
        .extracting(Throwable::getMessage)
        .isEqualTo(
            "pre hook 'checkpoint' in pod db-0 (container app) did not finish within 1s: working");
    assertThat(report.results().get(0).outcome()).isEqualTo("TimedOut");
    assertThat(report.results().get(0).exitCode()).isNull();
  }

  @Test
  void aCommandNobodyAnswersIsAnErrorNotASuccess() {
    HookReport report =
        runner.run(HookStage.PRE, List.of(hook("missing", null)), pods.subList(0, 1));

    assertThat(report.failure()).isPresent();
    assertThat(report.results().get(0).outcome()).isEqualTo("Error");
  }

  @Test
  void outputIsKeptToItsTail() {
    String noisy = "x".repeat(10_000) + "\nthe end";
    workloads.execAnswers(NS, "db-0", List.of("noisy"), noisy, 0);

    HookReport report = runner.run(HookStage.PRE, List.of(hook("noisy", null)), pods.subList(0, 1));

    String output = report.results().get(0).output();
    assertThat(output).hasSizeLessThanOrEqualTo(PodExec.OUTPUT_LIMIT).endsWith("\nthe end");
  }

  @Test
  void aBadTimeoutIsRefusedBeforeAnyHookRuns() {
    workloads.execAnswers(NS, "db-0", List.of("flush"), "", 0);
    cluster.takeRequestPaths();

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                runner.run(
                    HookStage.PRE,
                    List.of(
                        hook("flush", null),
                        new HookSpec("later", null, List.of("x"), "soon", null)),
                    pods))
        .hasMessage("hooks.pre[1].timeout: 'soon' is not a duration such as 30s, 15m, 24h, 7d");
    assertThat(cluster.takeRequestPaths()).noneMatch(p -> p.contains("/exec?"));
  }

  private static HookSpec hook(String command, String onError) {
    return new HookSpec(command, null, List.of(command), null, onError);
  }

  private static String name(Pod pod) {
    return pod.getMetadata().getName();
  }
}
