package dev.holdfast.operator.agent;

import dev.holdfast.operator.api.Backup;
import dev.holdfast.operator.backup.BackupPhase;
import dev.holdfast.operator.kube.SecretValues;
import dev.holdfast.operator.repository.RepositoryConnector;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * The agent's side of a Backup (docs/DESIGN.md, "The backup protocol", step 3): a Backup Running on
 * this node that no job of this agent is running yet is handed to {@link NodeJobs} as a {@link
 * VolumeBackup}, and the reconcile returns at once. After an agent restart this is also how a
 * Backup that was running is taken up again: the repository keeps what was uploaded, so the second
 * run adds only what the first did not (the resume). A Backup deleted (or marked for deletion)
 * while its job waits or runs is given up at once: the job stops reading and writes nothing more,
 * and no snapshot is made ({@code triggerReconcilerOnAllEvents} lets this reconciler see
 * deletions).
 */
@ControllerConfiguration(
    name = "agent-backup",
    generationAwareEventProcessing = false,
    triggerReconcilerOnAllEvents = true)
public final class AgentBackupReconciler implements Reconciler<Backup> {
  private final KubernetesClient client;
  private final AgentSettings settings;
  private final NodeJobs jobs;
  private final RepositoryConnector connector;
  private final BackupRunner runner;

  /**
   * @param client the API
   * @param settings the agent's node, kubelet folder, cluster name and clock
   * @param jobs where backups run
   * @param runner holdfast-core's backup ({@link BackupRunner#CORE})
   */
  public AgentBackupReconciler(
      KubernetesClient client, AgentSettings settings, NodeJobs jobs, BackupRunner runner) {
    this.client = client;
    this.settings = settings;
    this.jobs = jobs;
    this.connector =
        new RepositoryConnector(new SecretValues(client), settings.clock(), settings.serverTls());
    this.runner = runner;
  }

  @Override
  public UpdateControl<Backup> reconcile(Backup backup, Context<Backup> context) {
    if (context.isPrimaryResourceDeleted() || backup.isMarkedForDeletion()) {
      jobs.cancel(backup.getMetadata().getUid());
      return UpdateControl.noUpdate();
    }
    if (BackupPhase.RUNNING.is(backup)
        && settings.nodeName().equals(backup.getStatus().node())
        && !jobs.accepted(backup.getMetadata().getUid())) {
      jobs.submit(
          backup.getMetadata().getUid(),
          new VolumeBackup(backup, client, settings, connector, runner));
    }
    return UpdateControl.noUpdate();
  }
}
