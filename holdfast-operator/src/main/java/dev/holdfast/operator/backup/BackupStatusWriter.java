package dev.holdfast.operator.backup;

import dev.holdfast.operator.api.Backup;
import dev.holdfast.operator.api.BackupStatus;
import dev.holdfast.operator.kube.ConflictRetry;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Moves a Backup's status from one step to the next as a compare-and-set: it reads the Backup
 * afresh, checks that the step still applies (say, "still Running on node X"), and writes the new
 * status with the resourceVersion it read, so the API server refuses the write if anyone wrote in
 * between; then it reads again and checks again. The operator and the agent both write a Running
 * Backup's status, and this is what keeps one from undoing the other: an end, once written, stays.
 */
public final class BackupStatusWriter {
  private static final int ATTEMPTS = 5;

  private final KubernetesClient client;

  /** Writes with {@code client}. */
  public BackupStatusWriter(KubernetesClient client) {
    this.client = client;
  }

  /** The Backup as the API server has it now, or empty when it was deleted. */
  public Optional<Backup> read(String namespace, String name) {
    return Optional.ofNullable(
        client.resources(Backup.class).inNamespace(namespace).withName(name).get());
  }

  /**
   * Writes {@code change} of the current status, if {@code applies} holds for the Backup as it is
   * now.
   *
   * @return the Backup as written, or empty when the step no longer applies or the Backup is gone
   */
  public Optional<Backup> update(
      Backup backup, Predicate<Backup> applies, UnaryOperator<BackupStatus> change) {
    String namespace = backup.getMetadata().getNamespace();
    String name = backup.getMetadata().getName();
    return ConflictRetry.upTo(
        ATTEMPTS,
        attempt -> {
          Optional<Backup> current = read(namespace, name);
          if (current.isEmpty()
              || !backup.getMetadata().getUid().equals(current.get().getMetadata().getUid())
              || !applies.test(current.get())) {
            return Optional.empty();
          }
          Backup next = current.get();
          next.setStatus(change.apply(next.getStatus()));
          return Optional.of(
              client.resources(Backup.class).inNamespace(namespace).resource(next).updateStatus());
        });
  }
}
