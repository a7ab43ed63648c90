package dev.holdfast.core.backup;

import dev.holdfast.core.id.SnapshotId;
import dev.holdfast.core.snapshot.AppVersion;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What to back up and how to label it.
 *
 * @param source the source name; empty to derive {@code file://<host><path>}
 * @param parent the snapshot to compare with; empty to use the latest of the same source
 * @param ignoreParent read every file even if unchanged since the parent
 * @param time the snapshot's time; empty for now
 */
public record BackupRequest(
    List<Path> paths,
    Optional<String> source,
    List<String> excludes,
    List<String> tags,
    SortedMap<String, String> labels,
    List<AppVersion> appVersions,
    Optional<SnapshotId> parent,
    boolean ignoreParent,
    Optional<OffsetDateTime> time,
    String host,
    String username) {

  public BackupRequest {
    paths = List.copyOf(paths);
    excludes = List.copyOf(excludes);
    tags = List.copyOf(tags);
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    appVersions = List.copyOf(appVersions);
  }

  /** A request for {@code paths} with nothing else set. */
  public static BackupRequest of(String host, Path... paths) {
    return new BackupRequest(
        List.of(paths),
        Optional.empty(),
        List.of(),
        List.of(),
        new TreeMap<>(Map.of()),
        List.of(),
        Optional.empty(),
        false,
        Optional.empty(),
        host,
        "");
  }

  /** The same request with a source name. */
  public BackupRequest withSource(String newSource) {
    return new BackupRequest(
        paths,
        Optional.of(newSource),
        excludes,
        tags,
        labels,
        appVersions,
        parent,
        ignoreParent,
        time,
        host,
        username);
  }

  /** The same request with exclude patterns. */
  public BackupRequest withExcludes(List<String> newExcludes) {
    return new BackupRequest(
        paths,
        source,
        newExcludes,
        tags,
        labels,
        appVersions,
        parent,
        ignoreParent,
        time,
        host,
        username);
  }
}
