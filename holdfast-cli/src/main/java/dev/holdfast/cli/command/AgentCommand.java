package dev.holdfast.cli.command;

import dev.holdfast.cli.KubeOptions;
import dev.holdfast.cli.MetricsOptions;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.UntilStopped;
import dev.holdfast.cli.logging.HoldfastLogging;
import dev.holdfast.core.UsageError;
import dev.holdfast.operator.agent.AgentSettings;
import dev.holdfast.operator.agent.HoldfastAgent;
import dev.holdfast.server.metrics.MetricsEndpoint;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code holdfast agent}: runs the node agent (a DaemonSet's pod, docs/kubernetes.md) until
 * stopped: it reads and writes the volumes of the Backups and Restores assigned to its node.
 */
@Command(
    name = "agent",
    description = {
      "Run the node agent: back up and restore the volumes of the Backups and Restores the"
          + " operator assigns to this node, where the kubelet mounted them (docs/kubernetes.md).",
      "Runs until stopped (SIGTERM)."
    })
public final class AgentCommand extends RepoCommand {
  @Mixin KubeOptions kube;

  @Mixin MetricsOptions metricsOptions;

  @Option(
      names = "--node-name",
      paramLabel = "NODE",
      description = "The node this agent serves (default: the NODE_NAME variable).")
  String nodeName;

  @Option(
      names = "--kubelet-root",
      paramLabel = "DIR",
      description =
          "Where the kubelet keeps pod volumes, as mounted into the agent (default:"
              + " ${DEFAULT-VALUE}).")
  Path kubeletRoot = Path.of("/var/lib/kubelet");

  @Option(
      names = "--max-concurrent",
      paramLabel = "N",
      description = "Backups and restores run at once on this node (default: ${DEFAULT-VALUE}).")
  int maxConcurrent = 2;

  @Override
  public Integer call() {
    String node = nodeName != null ? nodeName : System.getenv("NODE_NAME");
    if (node == null || node.isBlank()) {
      throw new UsageError("the agent needs its node's name: give --node-name or set NODE_NAME");
    }
    if (maxConcurrent < 1 || maxConcurrent > 64) {
      throw new UsageError("--max-concurrent must be 1 to 64, was " + maxConcurrent);
    }
    if (!Files.isDirectory(kubeletRoot.resolve("pods"))) {
      throw new UsageError(
          "--kubelet-root "
              + kubeletRoot
              + " has no pods folder: is the kubelet's folder mounted?");
    }
    metricsOptions.address(); // checked before anything starts
    HoldfastLogging.enableForService();
    AgentSettings defaults = AgentSettings.forNode(node, kubeletRoot, kube.clusterName());
    AgentSettings settings =
        new AgentSettings(
            node,
            kubeletRoot,
            kube.clusterName(),
            Clock.systemUTC(),
            global().tls().whenPresent("a repository on a Holdfast server"),
            kube.serverSideApply(),
            maxConcurrent,
            defaults.heartbeatInterval(),
            kube.namespaces());
    boolean interrupted;
    try (KubernetesClient client = kube.client();
        HoldfastAgent agent = HoldfastAgent.start(client, settings);
        MetricsEndpoint endpoint = metricsOptions.start(agent.metrics().registry())) {
      output()
          .line(
              "agent of node "
                  + node
                  + " running against "
                  + client.getMasterUrl()
                  + ", volumes under "
                  + kubeletRoot.resolve("pods")
                  + "; stop with SIGTERM");
      if (endpoint != null) {
        output().line(metricsOptions.describe(endpoint));
      }
      interrupted = UntilStopped.await("holdfast-agent");
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
