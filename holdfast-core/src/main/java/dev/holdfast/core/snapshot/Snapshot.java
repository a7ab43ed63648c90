package dev.holdfast.core.snapshot;

import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.SnapshotId;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A snapshot manifest: one backup of one source at one time. It is written last, after every blob
 * it needs is stored and indexed, so its presence is the commit point of a backup.
 *
 * @param source what was backed up, e.g. {@code file://host/var/lib/data} or {@code
 *     k8s://cluster/namespace/pvc}
 * @param tree the root tree of the backed-up content
 * @param parent the snapshot this backup compared against, if any
 * @param copiedFrom for a snapshot written by copy, the repository and snapshot it was copied from
 */
public record Snapshot(
    SnapshotId id,
    OffsetDateTime time,
    String host,
    String username,
    String source,
    List<String> paths,
    List<String> tags,
    SortedMap<String, String> labels,
    List<AppVersion> appVersions,
    Optional<SnapshotId> parent,
    ChunkId tree,
    SnapshotStats stats,
    String programVersion,
    Optional<CopiedFrom> copiedFrom) {

  public Snapshot {
    if (id == null || time == null || tree == null || source == null || source.isEmpty()) {
      throw new IllegalArgumentException("snapshot needs an id, a time, a source and a tree");
    }
    host = host == null ? "" : host;
    username = username == null ? "" : username;
    paths = List.copyOf(paths);
    tags = List.copyOf(tags);
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    appVersions = List.copyOf(appVersions);
    parent = parent == null ? Optional.empty() : parent;
    stats = stats == null ? SnapshotStats.EMPTY : stats;
    programVersion = programVersion == null ? "" : programVersion;
    copiedFrom = copiedFrom == null ? Optional.empty() : copiedFrom;
  }

  /** A snapshot written by a backup (not copied from another repository). */
  public Snapshot(
      SnapshotId id,
      OffsetDateTime time,
      String host,
      String username,
      String source,
      List<String> paths,
      List<String> tags,
      SortedMap<String, String> labels,
      List<AppVersion> appVersions,
      Optional<SnapshotId> parent,
      ChunkId tree,
      SnapshotStats stats,
      String programVersion) {
    this(
        id,
        time,
        host,
        username,
        source,
        paths,
        tags,
        labels,
        appVersions,
        parent,
        tree,
        stats,
        programVersion,
        Optional.empty());
  }

  /** True when the snapshot carries {@code tag}. */
  public boolean hasTag(String tag) {
    return tags.contains(tag);
  }

  /** True when the snapshot has every label of {@code wanted} with the same value. */
  public boolean hasLabels(Map<String, String> wanted) {
    return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  /** This snapshot with another id (used when the id is chosen at the moment of storing). */
  public Snapshot withId(SnapshotId newId) {
    return new Snapshot(
        newId,
        time,
        host,
        username,
        source,
        paths,
        tags,
        labels,
        appVersions,
        parent,
        tree,
        stats,
        programVersion,
        copiedFrom);
  }

  /**
   * This snapshot as if it had recorded {@code versions} (posture judged for one application only,
   * test fixtures); never stored, since its id no longer matches its content.
   */
  public Snapshot withAppVersions(List<AppVersion> versions) {
    return new Snapshot(
        id,
        time,
        host,
        username,
        source,
        paths,
        tags,
        labels,
        versions,
        parent,
        tree,
        stats,
        programVersion,
        copiedFrom);
  }
}
