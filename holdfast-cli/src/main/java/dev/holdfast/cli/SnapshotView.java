package dev.holdfast.cli;

import dev.holdfast.core.id.SnapshotId;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.SnapshotStats;
import java.util.List;
import java.util.Map;

/** The JSON form of a snapshot (docs/CLI.md): stable field names, ids as full hex. */
public record SnapshotView(
    String id,
    String shortId,
    String time,
    String host,
    String username,
    String source,
    List<String> paths,
    List<String> tags,
    Map<String, String> labels,
    List<AppVersion> appVersions,
    String parent,
    String tree,
    SnapshotStats stats,
    String programVersion,
    CopiedFromView copiedFrom,
    boolean pinned) {

  /** Where a copied snapshot came from: the source repository's id and the snapshot's id there. */
  public record CopiedFromView(String repository, String snapshot) {}

  /** The view of {@code s}, which is not pinned (a snapshot just made, say). */
  public static SnapshotView of(Snapshot s) {
    return of(s, false);
  }

  /** The view of {@code s}, pinned or not. */
  public static SnapshotView of(Snapshot s, boolean pinned) {
    return new SnapshotView(
        s.id().toHex(),
        s.id().toShortHex(),
        Times.format(s.time()),
        s.host(),
        s.username(),
        s.source(),
        s.paths(),
        s.tags(),
        s.labels(),
        s.appVersions(),
        s.parent().map(SnapshotId::toHex).orElse(null),
        s.tree().toHex(),
        s.stats(),
        s.programVersion(),
        s.copiedFrom()
            .map(c -> new CopiedFromView(c.repository(), c.snapshot().toHex()))
            .orElse(null),
        pinned);
  }
}
