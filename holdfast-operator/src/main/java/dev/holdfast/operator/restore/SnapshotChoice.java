package dev.holdfast.operator.restore;

import dev.holdfast.core.NotFound;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.operator.api.Backup;
import dev.holdfast.operator.api.Restore;
import dev.holdfast.operator.api.RestoreSpec.LatestClean;
import dev.holdfast.operator.api.RestoreSpec.RestoreSource;
import dev.holdfast.operator.kube.KubeTimes;
import dev.holdfast.operator.workload.SourceNames;
import dev.holdfast.sast.posture.Gate;
import dev.holdfast.sast.posture.PostureBook;
import dev.holdfast.sast.posture.SnapshotPosture;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Chooses the snapshot a Restore asks for: by id (or unique prefix), by a Completed Backup, or the
 * newest snapshot of a claim whose security posture passes a gate ({@code latestClean}, as {@code
 * holdfast restore --latest-clean} does), saying why each newer one was skipped.
 */
public final class SnapshotChoice {
  private static final String COMPLETED = "Completed";

  private final KubernetesClient client;
  private final String clusterName;

  /**
   * @param client reads the Backups a Restore names
   * @param clusterName the cluster's name in source names
   */
  public SnapshotChoice(KubernetesClient client, String clusterName) {
    this.client = client;
    this.clusterName = clusterName;
  }

  /**
   * The snapshot chosen, and the snapshots skipped on the way (only for {@code latestClean}).
   *
   * @param snapshot the snapshot to restore
   * @param skipped each newer snapshot, newest first, as {@code ID (TIME): VERDICT: WHY}
   */
  public record Chosen(Snapshot snapshot, List<String> skipped) {
    public Chosen {
      skipped = List.copyOf(skipped);
    }
  }

  /**
   * Chooses among the snapshots of {@code repo} (the repository {@code restore} names).
   *
   * @throws UsageError when the source is not exactly one choice, or names an unfinished Backup
   * @throws NotFound when the snapshot or Backup does not exist
   * @throws NoCleanSnapshot when {@code latestClean} finds no clean snapshot
   */
  public Chosen choose(Restore restore, Repository repo) {
    RestoreSource source = restore.getSpec().source();
    long given =
        source == null
            ? 0
            : Stream.of(source.snapshot(), source.backup(), source.latestClean())
                .filter(x -> x != null)
                .count();
    if (given != 1) {
      throw new UsageError("spec.source: give exactly one of snapshot, backup, latestClean");
    }
    String where =
        "BackupRepository " + namespaceOf(restore) + "/" + restore.getSpec().repository();
    if (source.snapshot() != null) {
      return new Chosen(byId(repo, source.snapshot(), where), List.of());
    }
    if (source.backup() != null) {
      return new Chosen(byBackup(restore, repo, source.backup(), where), List.of());
    }
    return latestClean(repo, source.latestClean(), where);
  }

  private static Snapshot byId(Repository repo, String ref, String where) {
    if ("latest".equalsIgnoreCase(ref)) {
      throw new UsageError(
          "spec.source.snapshot: give a snapshot id; for the newest snapshot of a claim use"
              + " latestClean or a Backup");
    }
    try {
      return repo.snapshots().resolve(ref, s -> true);
    } catch (NotFound e) {
      throw new NotFound(e.getMessage() + " in " + where, e);
    }
  }

  private Snapshot byBackup(Restore restore, Repository repo, String name, String where) {
    String namespace = namespaceOf(restore);
    Backup backup = client.resources(Backup.class).inNamespace(namespace).withName(name).get();
    if (backup == null) {
      throw new NotFound("Backup " + namespace + "/" + name + " does not exist");
    }
    String phase = backup.getStatus() == null ? null : backup.getStatus().phase();
    String id = backup.getStatus() == null ? null : backup.getStatus().snapshotId();
    if (!COMPLETED.equals(phase) || id == null) {
      throw new UsageError(
          "Backup "
              + namespace
              + "/"
              + name
              + " is "
              + (phase == null ? "not finished" : phase)
              + ", not Completed"
              + (id == null
                  ? ""
                  : "; to accept what it saved, restore its snapshot by id (spec.source.snapshot: "
                      + id
                      + ")"));
    }
    if (backup.getSpec() != null
        && backup.getSpec().repository() != null
        && !backup.getSpec().repository().equals(restore.getSpec().repository())) {
      throw new UsageError(
          "Backup "
              + namespace
              + "/"
              + name
              + " was written to BackupRepository "
              + backup.getSpec().repository()
              + ", not "
              + restore.getSpec().repository()
              + " (spec.repository)");
    }
    return byId(repo, id, where);
  }

  private Chosen latestClean(Repository repo, LatestClean wanted, String where) {
    if (wanted.claim() == null) {
      throw new UsageError(
          "spec.source.latestClean.claim: name the claim whose snapshots to search");
    }
    String sourceName = SourceNames.of(clusterName, wanted.claim());
    Gate gate = wanted.gate() == null ? Gate.DEFAULT : Gate.parse(wanted.gate());
    List<Snapshot> candidates =
        repo.snapshots().list().snapshots().stream()
            .filter(s -> s.source().equals(sourceName))
            .toList();
    if (candidates.isEmpty()) {
      throw new NotFound("no snapshot of " + sourceName + " in " + where);
    }
    // Judged by the versions of one application when asked; the copies map back to the originals.
    Map<Snapshot, Snapshot> originals = new IdentityHashMap<>();
    List<Snapshot> judged = new ArrayList<>();
    for (Snapshot s : candidates) {
      Snapshot view = wanted.app() == null ? s : onlyApp(s, wanted.app());
      originals.put(view, s);
      judged.add(view);
    }
    PostureBook book = PostureBook.forVerdicts(repo, judged);
    var choice =
        dev.holdfast.sast.posture.LatestClean.among(
            judged, book.judge(gate, repo.clock().instant()));
    List<String> skipped = choice.skipped().stream().map(SnapshotChoice::describe).toList();
    if (choice.chosen().isEmpty()) {
      throw new NoCleanSnapshot(
          "no clean snapshot of "
              + sourceName
              + " under gate "
              + gate.word()
              + (wanted.app() == null ? "" : " for app " + wanted.app())
              + ": "
              + candidates.size()
              + " snapshots, none clean (see status.skipped)",
          skipped);
    }
    return new Chosen(originals.get(choice.chosen().get().snapshot()), skipped);
  }

  private static String describe(SnapshotPosture p) {
    return p.snapshot().id().toShortHex()
        + " ("
        + KubeTimes.format(p.snapshot().time().toInstant())
        + "): "
        + p.verdict().word()
        + ": "
        + p.why();
  }

  /** {@code s} as if it had recorded only the versions of {@code app}. */
  private static Snapshot onlyApp(Snapshot s, String app) {
    return s.withAppVersions(s.appVersions().stream().filter(v -> v.name().equals(app)).toList());
  }

  private static String namespaceOf(Restore restore) {
    return restore.getMetadata().getNamespace();
  }
}
