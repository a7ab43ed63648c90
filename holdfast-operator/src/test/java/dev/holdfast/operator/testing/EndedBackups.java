package dev.holdfast.operator.testing;

import static dev.holdfast.operator.testing.KubeTestCluster.await;

import dev.holdfast.operator.api.Backup;
import dev.holdfast.operator.backup.BackupConditions;
import dev.holdfast.operator.kube.Conditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.function.UnaryOperator;

/**
 * Writes the end of a Backup that a test made by hand, as an agent would, and waits until the
 * operator has finished it (condition {@code Finished}). The running BackupReconciler also sees the
 * new Backup while it has no status yet and may fail it (no agent will ever take it); when its
 * write lands after the test's, the end is written again, so that what the test goes on with (a
 * Restore, a test restore) never meets the Backup the operator failed.
 */
public final class EndedBackups {
  private static final int ATTEMPTS = 5;

  private EndedBackups() {}

  /** Writes {@code end} into {@code backup}'s status until the finished Backup has its phase. */
  public static Backup write(KubernetesClient client, Backup backup, UnaryOperator<Backup> end) {
    String phase = end.apply(client.resource(backup).get()).getStatus().phase();
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      StatusWrites.write(client, backup, end);
      Backup finished =
          await(
              "Backup " + backup.getMetadata().getName() + " finished by the operator",
              () -> client.resource(backup).get(),
              b ->
                  b.getStatus() != null
                      && Conditions.isTrue(b.getStatus().conditions(), BackupConditions.FINISHED));
      if (phase.equals(finished.getStatus().phase())) {
        return finished;
      }
    }
    throw new AssertionError(
        "Backup " + backup.getMetadata().getName() + " kept being ended otherwise by the operator");
  }
}
