package dev.holdfast.operator.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.operator.hooks.PodExec.ExecOutcome;
import dev.holdfast.operator.testing.KubeTestCluster;
import dev.holdfast.operator.testing.Workloads;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code pods/exec} client against the mock API server, whose exec websockets are scripted
 * per command: the request it makes, exit codes, the output tail, a refusal, a timeout.
 */
class ApiServerPodExecTest {
  private static final String NS = "shop";
  private static final Duration PATIENT = Duration.ofSeconds(30);

  @TempDir Path temp;
  private KubeTestCluster cluster;
  private Workloads workloads;
  private PodExec exec;

  @BeforeEach
  void start() {
    cluster = KubeTestCluster.start();
    cluster.namespace(NS);
    workloads = new Workloads(cluster, temp);
    workloads.pod(NS, "db-0", "node-a", "data", "sha256:" + "a".repeat(64), Map.of());
    exec = new ApiServerPodExec(cluster.client());
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aCommandThatExitsZeroSucceedsWithItsOutput() {
    workloads.execAnswers(NS, "db-0", List.of("flush", "--all"), "flushed\n", 0);
    cluster.takeRequestPaths();

    ExecOutcome outcome =
        exec.run(NS, "db-0", Workloads.CONTAINER, List.of("flush", "--all"), PATIENT);

    assertThat(outcome).isEqualTo(ExecOutcome.exited(0, "flushed"));
    assertThat(outcome.succeeded()).isTrue();
    assertThat(cluster.takeRequestPaths())
        .as("one exec of the command's words in the named container")
        .filteredOn(p -> p.contains("/exec?"))
        .containsExactly(Workloads.execPath(NS, "db-0", List.of("flush", "--all")));
  }

  @Test
  void aNonZeroExitIsReportedWithItsCodeAndOutput() {
    workloads.execAnswers(NS, "db-0", List.of("flush"), "disk full\n", 3);

    ExecOutcome outcome = exec.run(NS, "db-0", Workloads.CONTAINER, List.of("flush"), PATIENT);

    assertThat(outcome).isEqualTo(ExecOutcome.exited(3, "disk full"));
    assertThat(outcome.succeeded()).isFalse();
  }

  @Test
  void outputIsKeptToItsTail() {
    String noisy = "x".repeat(10_000) + "\nthe end";
    workloads.execAnswers(NS, "db-0", List.of("noisy"), noisy, 0);

    ExecOutcome outcome = exec.run(NS, "db-0", Workloads.CONTAINER, List.of("noisy"), PATIENT);

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.output())
        .hasSize(PodExec.OUTPUT_LIMIT)
        .isEqualTo(noisy.substring(noisy.length() - PodExec.OUTPUT_LIMIT));
  }

  @Test
  void anExecTheServerRefusesIsAProblemNamingTheRefusal() {
    ExecOutcome outcome = exec.run(NS, "ghost", Workloads.CONTAINER, List.of("flush"), PATIENT);

    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.exitCode()).isNull();
    assertThat(outcome.timedOut()).isFalse();
    assertThat(outcome.problem()).isEqualTo("exec refused (HTTP 404)");
  }

  @Test
  void aCommandThatOutlastsItsTimeoutIsTimedOutWithWhatItPrinted() {
    workloads.execHangs(NS, "db-0", List.of("checkpoint"), "working\n");

    ExecOutcome outcome =
        exec.run(NS, "db-0", Workloads.CONTAINER, List.of("checkpoint"), Duration.ofSeconds(1));

    assertThat(outcome.timedOut()).isTrue();
    assertThat(outcome.exitCode()).isNull();
    assertThat(outcome.problem()).isNull();
    // what was printed is kept if it arrived before the timeout (it is sent at once, but a busy
    // machine may deliver it later); it is never anything else
    assertThat(outcome.output()).isIn("working", "");
  }
}
