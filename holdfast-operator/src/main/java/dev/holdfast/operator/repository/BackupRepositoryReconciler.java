package dev.holdfast.operator.repository;

import dev.holdfast.core.HoldfastException;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.operator.api.BackupRepository;
import dev.holdfast.operator.api.BackupRepositoryStatus;
import dev.holdfast.operator.kube.ByteSizes;
import dev.holdfast.operator.kube.Conditions;
import dev.holdfast.operator.kube.EventRecorder;
import dev.holdfast.operator.kube.KubeTimes;
import dev.holdfast.operator.metrics.RepositoryMetrics;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Keeps a BackupRepository's status true: opens the repository (creating it when its place is
 * empty), counts snapshots and stored bytes, and sets {@code Ready}; then looks again after {@code
 * checkInterval}, or after a minute when it failed.
 */
@ControllerConfiguration(name = "backuprepository")
public final class BackupRepositoryReconciler implements Reconciler<BackupRepository> {
  static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofHours(1);
  static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);

  private final RepositoryConnector connector;
  private final EventRecorder events;
  private final RepositoryMetrics metrics;
  private final Clock clock;

  /** Checks repositories opened by {@code connector}. */
  public BackupRepositoryReconciler(
      RepositoryConnector connector, EventRecorder events, RepositoryMetrics metrics, Clock clock) {
    this.connector = connector;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public UpdateControl<BackupRepository> reconcile(
      BackupRepository resource, Context<BackupRepository> context) {
    Instant now = clock.instant();
    long generation = generation(resource);
    List<Condition> before =
        resource.getStatus() == null ? null : resource.getStatus().conditions();
    boolean wasReady = Conditions.isTrue(before, Conditions.READY);
    Duration interval;
    try {
      interval =
          KubeTimes.duration(
              resource.getSpec().checkInterval(), DEFAULT_CHECK_INTERVAL, "spec.checkInterval");
      Found found = inspect(resource);
      metrics.reachable(
          resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(),
          found.snapshots(),
          found.bytes(),
          now);
      resource.setStatus(
          new BackupRepositoryStatus(
              generation,
              true,
              found.snapshots(),
              found.bytes(),
              ByteSizes.format(found.bytes()),
              KubeTimes.format(now),
              Conditions.with(
                  before,
                  Conditions.READY,
                  true,
                  "Reachable",
                  found.snapshots() + " snapshots, " + ByteSizes.format(found.bytes()),
                  generation,
                  now)));
      if (!wasReady) {
        events.normal(resource, "Reachable", "repository " + resource.getSpec().url() + " opened");
      }
    } catch (HoldfastException e) {
      interval = RETRY_AFTER_FAILURE;
      metrics.unreachable(
          resource.getMetadata().getNamespace(), resource.getMetadata().getName(), now);
      String reason = e.getClass().getSimpleName();
      BackupRepositoryStatus old = resource.getStatus();
      resource.setStatus(
          new BackupRepositoryStatus(
              generation,
              false,
              old == null ? null : old.snapshotCount(),
              old == null ? null : old.sizeBytes(),
              old == null ? null : old.size(),
              KubeTimes.format(now),
              Conditions.with(
                  before, Conditions.READY, false, reason, e.getMessage(), generation, now)));
      events.warning(resource, reason, e.getMessage());
    }
    return UpdateControl.patchStatus(resource).rescheduleAfter(interval);
  }

  private Found inspect(BackupRepository resource) {
    try (Repository repo = connector.open(resource)) {
      int snapshots = repo.snapshots().list().snapshots().size();
      long bytes = 0;
      for (BlobInfo pack : repo.store().list(BlobKind.PACK)) {
        bytes += pack.size();
      }
      return new Found(snapshots, bytes);
    }
  }

  private static long generation(BackupRepository resource) {
    Long generation = resource.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  private record Found(int snapshots, long bytes) {}
}
