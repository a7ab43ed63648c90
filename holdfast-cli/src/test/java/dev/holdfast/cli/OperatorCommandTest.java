package dev.holdfast.cli;

import static dev.holdfast.operator.testing.KubeTestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.operator.api.BackupRepository;
import dev.holdfast.operator.api.BackupRepositorySpec;
import dev.holdfast.operator.api.SecretKeyReference;
import dev.holdfast.operator.kube.Conditions;
import dev.holdfast.operator.testing.KubeTestCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code holdfast operator} and {@code holdfast agent} as processes would run them. */
class OperatorCommandTest {
  private static final String NS = "holdfast";

  @TempDir Path tmp;
  private KubeTestCluster cluster;

  @BeforeEach
  void start() {
    cluster = KubeTestCluster.start();
    cluster.namespace(NS);
    cluster.secret(NS, "repo-pass", Map.of("passphrase", "operator command test"));
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void theOperatorReconcilesThroughItsKubeconfigAndServesMetrics() throws Exception {
    Path kubeconfig = cluster.writeKubeconfig(tmp.resolve("kubeconfig"));
    Path portFile = tmp.resolve("metrics-port");
    Running operator =
        Running.start(
            portFile,
            "operator",
            "--kubeconfig",
            kubeconfig.toString(),
            "--no-server-side-apply",
            "--namespace",
            NS,
            "--metrics-listen",
            "127.0.0.1:0",
            "--metrics-port-file",
            portFile.toString());

    BackupRepository repository = new BackupRepository();
    repository.getMetadata().setName("main");
    repository.getMetadata().setNamespace(NS);
    repository.setSpec(
        new BackupRepositorySpec(
            tmp.resolve("repo").toString(),
            new SecretKeyReference("repo-pass", "passphrase"),
            null,
            null,
            null,
            null,
            null,
            null,
            null));
    cluster
        .client()
        .resources(BackupRepository.class)
        .inNamespace(NS)
        .resource(repository)
        .create();
    try {
      await(
          "the operator to open the repository",
          () ->
              cluster
                  .client()
                  .resources(BackupRepository.class)
                  .inNamespace(NS)
                  .withName("main")
                  .get(),
          r ->
              r.getStatus() != null
                  && Conditions.isTrue(r.getStatus().conditions(), Conditions.READY));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; the operator said: " + operator.stop(), e);
    }

    String scraped = scrape(Integer.parseInt(Files.readString(portFile).strip()));
    assertThat(scraped)
        .contains("holdfast_repository_reachable{namespace=\"holdfast\",repository=\"main\"} 1.0");

    Cli.Result result = operator.stop();
    assertThat(result.code()).as("%s", result).isZero();
    assertThat(result.out()).contains("operator running against ").contains("namespaces holdfast");
  }

  @Test
  void theAgentNeedsItsNodeName() {
    Cli.Result result = Cli.run("agent", "--kubelet-root", tmp.toString());

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("give --node-name or set NODE_NAME");
  }

  @Test
  void theAgentRefusesAKubeletFolderWithoutPods() {
    Cli.Result result =
        Cli.run(
            "agent", "--node-name", "node-1", "--kubelet-root", tmp.resolve("nothing").toString());

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("has no pods folder");
  }

  @Test
  void anUnreadableKubeconfigIsNamed() {
    Cli.Result result = Cli.run("operator", "--kubeconfig", tmp.resolve("missing").toString());

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--kubeconfig").contains("missing");
  }

  private static String scrape(int port) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** A long-running command on a thread of its own, stopped by interrupting it as SIGTERM would. */
  private record Running(Thread thread, AtomicReference<Cli.Result> result) {
    static Running start(Path readyFile, String... args) throws InterruptedException {
      AtomicReference<Cli.Result> result = new AtomicReference<>();
      List<String> all = new ArrayList<>(List.of(args));
      Thread thread = new Thread(() -> result.set(Cli.run(all.toArray(new String[0]))), args[0]);
      thread.start();
      for (int i = 0; i < 1200 && !Files.exists(readyFile) && thread.isAlive(); i++) {
        Thread.sleep(50);
      }
      assertThat(readyFile).as("%s started: %s", args[0], result.get()).exists();
      return new Running(thread, result);
    }

    Cli.Result stop() throws InterruptedException {
      thread.interrupt();
      thread.join(30_000);
      assertThat(thread.isAlive()).isFalse();
      return result.get();
    }
  }
}
