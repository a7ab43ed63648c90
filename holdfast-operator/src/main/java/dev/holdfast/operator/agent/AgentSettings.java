package dev.holdfast.operator.agent;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * How a node agent runs.
 *
 * @param nodeName the node it serves (from the downward API, {@code spec.nodeName})
 * @param kubeletRoot where the kubelet keeps pod volumes ({@code /var/lib/kubelet})
 * @param clusterName the cluster's name in source names ({@code k8s://<cluster>/...})
 * @param clock the time the agent sees
 * @param serverTls this agent's client certificate for the repository server
 * @param serverSideApply whether status is written with server-side apply (off against the mock)
 * @param maxConcurrent how many backups and restores the agent runs at once
 * @param heartbeatInterval how often a running job stamps its heartbeat into the status
 * @param namespaces the namespaces whose Backups and Restores it watches (the operator's); empty
 *     means all, which needs the right to watch them cluster-wide
 */
public record AgentSettings(
    String nodeName,
    Path kubeletRoot,
    String clusterName,
    Clock clock,
    Supplier<Optional<SSLContext>> serverTls,
    boolean serverSideApply,
    int maxConcurrent,
    Duration heartbeatInterval,
    Set<String> namespaces) {
  public AgentSettings {
    namespaces = Set.copyOf(namespaces);
    if (nodeName == null || nodeName.isBlank()) {
      throw new IllegalArgumentException("the agent needs its node's name");
    }
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be at least 1");
    }
  }

  /** The agent of {@code nodeName} with the usual settings. */
  public static AgentSettings forNode(String nodeName, Path kubeletRoot, String clusterName) {
    return new AgentSettings(
        nodeName,
        kubeletRoot,
        clusterName,
        Clock.systemUTC(),
        Optional::empty,
        true,
        2,
        Duration.ofSeconds(10),
        Set.of());
  }

  /** The same settings with server-side apply switched {@code on} or off. */
  public AgentSettings withServerSideApply(boolean on) {
    return new AgentSettings(
        nodeName,
        kubeletRoot,
        clusterName,
        clock,
        serverTls,
        on,
        maxConcurrent,
        heartbeatInterval,
        namespaces);
  }

  /** The same settings watching only {@code watched} (all when empty). */
  public AgentSettings withNamespaces(Set<String> watched) {
    return new AgentSettings(
        nodeName,
        kubeletRoot,
        clusterName,
        clock,
        serverTls,
        serverSideApply,
        maxConcurrent,
        heartbeatInterval,
        watched);
  }
}
