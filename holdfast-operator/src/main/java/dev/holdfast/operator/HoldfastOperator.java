package dev.holdfast.operator;

import dev.holdfast.operator.backup.BackupReconciler;
import dev.holdfast.operator.certs.CaRotationDriver;
import dev.holdfast.operator.certs.ClusterAuthority;
import dev.holdfast.operator.certs.ManagedCertificateReconciler;
import dev.holdfast.operator.certs.TlsSecretWatcher;
import dev.holdfast.operator.hooks.ApiServerPodExec;
import dev.holdfast.operator.hooks.HookRunner;
import dev.holdfast.operator.hooks.PodExec;
import dev.holdfast.operator.kube.EventRecorder;
import dev.holdfast.operator.kube.SecretValues;
import dev.holdfast.operator.metrics.BackupMetrics;
import dev.holdfast.operator.metrics.OperatorMetrics;
import dev.holdfast.operator.metrics.PolicyMetrics;
import dev.holdfast.operator.metrics.RepositoryMetrics;
import dev.holdfast.operator.policy.BackupPolicyReconciler;
import dev.holdfast.operator.policy.PolicyRetention;
import dev.holdfast.operator.posture.SecurityReportReconciler;
import dev.holdfast.operator.repository.BackupRepositoryReconciler;
import dev.holdfast.operator.repository.RepositoryConnector;
import dev.holdfast.operator.restore.RestoreMetrics;
import dev.holdfast.operator.restore.RestoreReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The operator process: registers one reconciler per Holdfast resource kind with the Java Operator
 * SDK and runs them until stopped. Thin by design: each reconciler calls the jobs the CLI calls.
 */
public final class HoldfastOperator implements AutoCloseable {
  private final Operator operator;
  private final OperatorMetrics metrics;
  private final LeaderOnlyWork expiryWatch;
  private final LeaderOnlyWork caRotation;

  private HoldfastOperator(
      Operator operator,
      OperatorMetrics metrics,
      LeaderOnlyWork expiryWatch,
      LeaderOnlyWork caRotation) {
    this.operator = operator;
    this.metrics = metrics;
    this.expiryWatch = expiryWatch;
    this.caRotation = caRotation;
  }

  /** Starts reconciling with {@code client} as {@code settings} say, as the only replica. */
  public static HoldfastOperator start(KubernetesClient client, OperatorSettings settings) {
    return start(client, settings, Optional.empty());
  }

  /**
   * Starts with {@code client} as {@code settings} say; with {@code leaderElection}, reconcilers
   * run only while this replica holds the lease.
   */
  public static HoldfastOperator start(
      KubernetesClient client, OperatorSettings settings, Optional<LeaderElection> leaderElection) {
    return start(client, settings, leaderElection, new ApiServerPodExec(client));
  }

  /**
   * Starts as {@link #start(KubernetesClient, OperatorSettings, Optional)} does, with hooks run
   * through {@code exec} instead of the API server's {@code pods/exec} (tests run them in process).
   */
  public static HoldfastOperator start(
      KubernetesClient client,
      OperatorSettings settings,
      Optional<LeaderElection> leaderElection,
      PodExec exec) {
    EventRecorder events = new EventRecorder(client, settings.clock());
    OperatorMetrics metrics = new OperatorMetrics();
    ClusterAuthority authority =
        new ClusterAuthority(client, settings.certificates(), settings.clock(), new SecureRandom());
    LeaderOnlyWork expiryWatch =
        new LeaderOnlyWork(
            () ->
                TlsSecretWatcher.start(
                    client,
                    settings.namespaces(),
                    settings.certificates(),
                    authority,
                    settings.clock(),
                    events,
                    metrics));
    LeaderOnlyWork caRotation =
        new LeaderOnlyWork(
            () ->
                CaRotationDriver.start(
                    client,
                    settings.namespaces(),
                    settings.certificates(),
                    authority,
                    settings.clock(),
                    events,
                    metrics));
    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withLeaderElectionConfiguration(
                        leaderElection.map(e -> lease(e, expiryWatch, caRotation)).orElse(null))
                    .withCloseClientOnStop(false)
                    .withConcurrentReconciliationThreads(settings.reconcileThreads())
                    .withReconciliationTerminationTimeout(settings.shutdownGrace())
                    .withUseSSAToPatchPrimaryResource(settings.serverSideApply())
                    .withSSABasedCreateUpdateMatchForDependentResources(
                        settings.serverSideApply()));
    RepositoryConnector connector =
        new RepositoryConnector(new SecretValues(client), settings.clock(), settings.serverTls());
    register(
        operator,
        settings,
        new BackupRepositoryReconciler(
            connector, events, new RepositoryMetrics(metrics), settings.clock()));
    register(
        operator,
        settings,
        new ManagedCertificateReconciler(client, authority, events, settings.clock()));
    register(
        operator,
        settings,
        new SecurityReportReconciler(client, connector, events, settings.clock(), metrics));
    register(
        operator,
        settings,
        new BackupReconciler(
            client,
            events,
            new HookRunner(exec),
            new BackupMetrics(metrics),
            settings.backups(),
            // what runs when a Backup has ended: its policy's retention
            new PolicyRetention(client, connector, settings.clusterName(), settings.clock()),
            settings.clock()));
    register(
        operator,
        settings,
        new BackupPolicyReconciler(events, new PolicyMetrics(metrics), settings.clock()));
    register(
        operator,
        settings,
        new RestoreReconciler(
            client,
            connector,
            events,
            new RestoreMetrics(metrics),
            settings.clock(),
            settings.clusterName()));
    operator.start();
    if (leaderElection.isEmpty()) {
      expiryWatch.lead(); // the only replica
      caRotation.lead();
    }
    return new HoldfastOperator(operator, metrics, expiryWatch, caRotation);
  }

  /** This process's metrics, for the {@code /metrics} endpoint. */
  public OperatorMetrics metrics() {
    return metrics;
  }

  /** Whether this replica watches certificate expiry now: it leads, or it is the only one. */
  public boolean watchesExpiry() {
    return expiryWatch.running();
  }

  private static LeaderElectionConfiguration lease(
      LeaderElection election, LeaderOnlyWork leaderOnly, LeaderOnlyWork caRotation) {
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(election.leaseName())
        .withLeaseNamespace(election.leaseNamespace())
        .withIdentity(election.identity())
        .withLeaseDuration(election.leaseDuration())
        .withRenewDeadline(election.renewDeadline())
        .withRetryPeriod(election.retryPeriod())
        .withLeaderCallbacks(
            new LeaderCallbacks(
                () -> {
                  leaderOnly.lead();
                  caRotation.lead();
                },
                () -> {
                  leaderOnly.stopLeading();
                  caRotation.stopLeading();
                },
                leader -> {}))
        // A replica that lost the lease must not keep reconciling: JOSDK then exits the process,
        // and Kubernetes restarts it as a standby.
        .withExitOnStopLeading(election.exitWhenLost())
        .build();
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

  /** Stops every reconciler, letting running ones finish within the shutdown grace. */
  @Override
  public void close() {
    expiryWatch.close();
    caRotation.close();
    operator.stop();
  }
}
