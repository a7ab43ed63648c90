package dev.holdfast.cli.command;

import dev.holdfast.cli.Hosts;
import dev.holdfast.cli.KubeOptions;
import dev.holdfast.cli.MetricsOptions;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.UntilStopped;
import dev.holdfast.cli.logging.HoldfastLogging;
import dev.holdfast.core.UsageError;
import dev.holdfast.operator.HoldfastOperator;
import dev.holdfast.operator.LeaderElection;
import dev.holdfast.operator.OperatorSettings;
import dev.holdfast.server.metrics.MetricsEndpoint;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code holdfast operator}: runs the Kubernetes operator (docs/kubernetes.md) until stopped: it
 * reconciles Holdfast's resources in the cluster its kubeconfig or service account reaches.
 */
@Command(
    name = "operator",
    description = {
      "Run the Kubernetes operator: reconcile BackupRepositories, BackupPolicies, Backups,"
          + " Restores, SecurityReports and ManagedCertificates (docs/kubernetes.md).",
      "Runs until stopped (SIGTERM); with --leader-election-namespace, only the replica holding"
          + " the lease reconciles."
    })
public final class OperatorCommand extends RepoCommand {
  @Mixin KubeOptions kube;

  @Mixin MetricsOptions metricsOptions;

  @Option(
      names = "--leader-election-namespace",
      paramLabel = "NS",
      description =
          "Elect a leader among replicas through the Lease holdfast-operator in NS (the"
              + " operator's own namespace); without it this process assumes it is alone.")
  String leaseNamespace;

  @Option(
      names = "--identity",
      paramLabel = "NAME",
      description = "This replica's name in the Lease (default: the host name, a pod's name).")
  String identity;

  @Option(
      names = "--reconcile-threads",
      paramLabel = "N",
      description = "Resources reconciled at once (default: ${DEFAULT-VALUE}).")
  int reconcileThreads = 10;

  @Option(
      names = "--no-watch-tls-secrets",
      negatable = false,
      description =
          "Do not watch every kubernetes.io/tls Secret for expiry (then the operator needs no"
              + " right to list Secrets cluster-wide).")
  boolean noWatchTlsSecrets;

  @Override
  public Integer call() {
    boolean watchTlsSecrets = !noWatchTlsSecrets;
    if (reconcileThreads < 1 || reconcileThreads > 200) {
      throw new UsageError("--reconcile-threads must be 1 to 200, was " + reconcileThreads);
    }
    metricsOptions.address(); // checked before anything starts
    HoldfastLogging.enableForService();
    OperatorSettings defaults = OperatorSettings.defaults();
    OperatorSettings settings =
        new OperatorSettings(
            kube.namespaces(),
            kube.clusterName(),
            Clock.systemUTC(),
            global().tls().whenPresent("a repository on a Holdfast server"),
            kube.serverSideApply(),
            reconcileThreads,
            defaults.shutdownGrace(),
            watchTlsSecrets
                ? defaults.certificates()
                : defaults.certificates().withoutTlsSecretWatch(),
            defaults.backups());
    Optional<LeaderElection> election =
        leaseNamespace == null
            ? Optional.empty()
            : Optional.of(
                LeaderElection.standard(
                    leaseNamespace, identity != null ? identity : Hosts.hostName()));
    boolean interrupted;
    try (KubernetesClient client = kube.client();
        HoldfastOperator operator = HoldfastOperator.start(client, settings, election);
        MetricsEndpoint endpoint = metricsOptions.start(operator.metrics().registry())) {
      output()
          .line(
              "operator running against "
                  + client.getMasterUrl()
                  + (settings.namespaces().isEmpty()
                      ? ", all namespaces"
                      : ", namespaces " + String.join(", ", settings.namespaces()))
                  + election.map(e -> ", leader election as " + e.identity()).orElse("")
                  + "; stop with SIGTERM");
      if (endpoint != null) {
        output().line(metricsOptions.describe(endpoint));
      }
      interrupted = UntilStopped.await("holdfast-operator");
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
