package dev.holdfast.cli;

import dev.holdfast.core.UsageError;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * How {@code operator} and {@code agent} reach the Kubernetes API: the pod's service account when
 * running in a cluster, else the usual kubeconfig ({@code KUBECONFIG}, {@code ~/.kube/config}), or
 * the file {@code --kubeconfig} names.
 */
public final class KubeOptions {
  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description =
          "Kubeconfig file to use (default: the pod's service account in a cluster, else"
              + " KUBECONFIG or ~/.kube/config).")
  Path kubeconfig;

  @Option(
      names = "--cluster-name",
      paramLabel = "NAME",
      description =
          "This cluster's name in snapshot sources, k8s://NAME/NAMESPACE/CLAIM (default:"
              + " ${DEFAULT-VALUE}); give each cluster its own when they share a repository.")
  String clusterName = "default";

  @Option(
      names = "--namespace",
      split = ",",
      paramLabel = "NS",
      description =
          "Namespaces whose Holdfast resources this process works on: the operator's"
              + " (comma-separated or repeated; default: all).")
  List<String> namespaces = new ArrayList<>();

  @Option(
      names = "--no-server-side-apply",
      negatable = false,
      description =
          "Write status with plain patches instead of server-side apply (only for an API server"
              + " without it, such as fabric8's mock server in tests).")
  boolean noServerSideApply;

  /** The namespaces {@code --namespace} gave, blanks dropped; empty means all. */
  public Set<String> namespaces() {
    Set<String> result = new LinkedHashSet<>();
    for (String namespace : namespaces) {
      if (!namespace.isBlank()) {
        result.add(namespace.strip());
      }
    }
    return result;
  }

  /** Whether status is written with server-side apply. */
  public boolean serverSideApply() {
    return !noServerSideApply;
  }

  /** The cluster name for source names. */
  public String clusterName() {
    return clusterName;
  }

  /** A client of the API server; the caller closes it. */
  public KubernetesClient client() {
    if (kubeconfig == null) {
      return new KubernetesClientBuilder().build();
    }
    try {
      String content = Files.readString(kubeconfig, StandardCharsets.UTF_8);
      return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(content)).build();
    } catch (IOException e) {
      throw new UsageError("--kubeconfig " + kubeconfig + ": cannot read it: " + e.getMessage());
    } catch (RuntimeException e) {
      throw new UsageError(
          "--kubeconfig " + kubeconfig + ": not a usable kubeconfig: " + e.getMessage());
    }
  }
}
