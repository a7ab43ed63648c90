package dev.holdfast.operator.agent;

import dev.holdfast.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;

/**
 * The node agent process: reconciles only the Backups and Restores the operator assigned to its
 * node (label {@value #NODE_LABEL}), reading and writing volume data where the kubelet mounted it.
 */
public final class HoldfastAgent implements AutoCloseable {
  /** The label by which the operator assigns a Backup or Restore to a node's agent. */
  public static final String NODE_LABEL = "holdfast.dev/node";

  private final Operator operator;
  private final OperatorMetrics metrics;
  private final NodeJobs jobs;

  private HoldfastAgent(Operator operator, OperatorMetrics metrics, NodeJobs jobs) {
    this.operator = operator;
    this.metrics = metrics;
    this.jobs = jobs;
  }

  /** Starts the agent of {@code settings.nodeName()} with {@code client}. */
  public static HoldfastAgent start(KubernetesClient client, AgentSettings settings) {
    return start(client, settings, BackupRunner.CORE);
  }

  /** Starts the agent with {@code runner} running backups (tests hold backups in the middle). */
  static HoldfastAgent start(KubernetesClient client, AgentSettings settings, BackupRunner runner) {
    NodeJobs jobs = new NodeJobs(settings.maxConcurrent(), settings.heartbeatInterval());
    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withConcurrentReconciliationThreads(settings.maxConcurrent())
                    .withUseSSAToPatchPrimaryResource(settings.serverSideApply())
                    .withSSABasedCreateUpdateMatchForDependentResources(
                        settings.serverSideApply()));
    OperatorMetrics metrics = new OperatorMetrics();
    // Reconcilers of Backups and Restores assigned to this node are registered here.
    registerForNode(operator, settings, new AgentBackupReconciler(client, settings, jobs, runner));
    registerForNode(operator, settings, new AgentRestoreReconciler(client, settings));
    operator.start();
    return new HoldfastAgent(operator, metrics, jobs);
  }

  /** Registers {@code reconciler} for the resources labelled with this agent's node only. */
  static <P extends HasMetadata> void registerForNode(
      Operator operator, AgentSettings settings, Reconciler<P> reconciler) {
    operator.register(
        reconciler,
        c -> {
          c.withLabelSelector(NODE_LABEL + "=" + settings.nodeName());
          if (!settings.namespaces().isEmpty()) {
            c.settingNamespaces(settings.namespaces());
          }
        });
  }

  /** The metrics of this agent, for the {@code /metrics} endpoint. */
  public OperatorMetrics metrics() {
    return metrics;
  }

  /** Stops the agent; running jobs are interrupted and their resources failed or resumed later. */
  @Override
  public void close() {
    operator.stop();
    jobs.close();
  }
}
