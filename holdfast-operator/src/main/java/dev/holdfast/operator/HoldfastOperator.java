package dev.holdfast.operator;

import dev.holdfast.operator.backup.BackupCompletion;
import dev.holdfast.operator.kube.EventRecorder;
import dev.holdfast.operator.kube.SecretValues;
import dev.holdfast.operator.metrics.OperatorMetrics;
import dev.holdfast.operator.metrics.PolicyMetrics;
import dev.holdfast.operator.policy.BackupPolicyReconciler;
import dev.holdfast.operator.policy.PolicyRetention;
import dev.holdfast.operator.repository.BackupRepositoryReconciler;
import dev.holdfast.operator.repository.RepositoryConnector;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;

/**
 * The operator process: registers one reconciler per Holdfast resource kind with the Java Operator
 * SDK and runs them until stopped. Thin by design: each reconciler calls the jobs the CLI calls.
 */
public final class HoldfastOperator implements AutoCloseable {
  private final Operator operator;
  private final OperatorMetrics metrics;

  private HoldfastOperator(Operator operator, OperatorMetrics metrics) {
    this.operator = operator;
    this.metrics = metrics;
  }

  /** Starts reconciling with {@code client} as {@code settings} say. */
  public static HoldfastOperator start(KubernetesClient client, OperatorSettings settings) {
    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withConcurrentReconciliationThreads(settings.reconcileThreads())
                    .withReconciliationTerminationTimeout(settings.shutdownGrace())
                    .withUseSSAToPatchPrimaryResource(settings.serverSideApply())
                    .withSSABasedCreateUpdateMatchForDependentResources(
                        settings.serverSideApply()));
    EventRecorder events = new EventRecorder(client, settings.clock());
    RepositoryConnector connector =
        new RepositoryConnector(new SecretValues(client), settings.clock(), settings.serverTls());
    OperatorMetrics metrics = new OperatorMetrics();
    register(
        operator, settings, new BackupRepositoryReconciler(connector, events, settings.clock()));
    register(
        operator,
        settings,
        new BackupPolicyReconciler(events, new PolicyMetrics(metrics), settings.clock()));
    // What the BackupReconciler calls when a Backup has ended: the policy's retention.
    BackupCompletion completion =
        new PolicyRetention(client, connector, settings.clusterName(), settings.clock());
    operator.start();
    return new HoldfastOperator(operator, metrics);
  }

  private static <P extends HasMetadata> void register(
      Operator operator, OperatorSettings settings, Reconciler<P> reconciler) {
    operator.register(
        reconciler,
        c -> {
          if (!settings.namespaces().isEmpty()) {
            c.settingNamespaces(settings.namespaces());
          }
        });
  }

  /** The metrics of this operator, to scrape. */
  public OperatorMetrics metrics() {
    return metrics;
  }

  /** Stops every reconciler, letting running ones finish within the shutdown grace. */
  @Override
  public void close() {
    operator.stop();
  }
}
