package dev.holdfast.cli;

import dev.holdfast.core.UsageError;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.SnapshotSelection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import picocli.CommandLine.Option;

/** The options that narrow a set of snapshots: by source, host, tag and label. */
public final class SnapshotFilter {
  @Option(names = "--source", paramLabel = "SOURCE", description = "Only snapshots of this source.")
  String source;

  @Option(names = "--host", paramLabel = "HOST", description = "Only snapshots taken on this host.")
  String host;

  @Option(
      names = "--tag",
      paramLabel = "TAG",
      description = "Only snapshots with this tag (repeatable: all must match).")
  List<String> tags = new ArrayList<>();

  @Option(
      names = "--label",
      paramLabel = "KEY=VALUE",
      description = "Only snapshots with this label (repeatable).")
  List<String> labels = new ArrayList<>();

  /** True when at least one of these options was given. */
  public boolean narrows() {
    return selection().narrows();
  }

  /** The snapshots these options choose. */
  public SnapshotSelection selection() {
    return new SnapshotSelection(
        Optional.ofNullable(source), Optional.ofNullable(host), tags, parseLabels(labels));
  }

  /** The predicate these options describe. */
  public Predicate<Snapshot> predicate() {
    return selection();
  }

  /** Parses {@code KEY=VALUE} labels. */
  public static TreeMap<String, String> parseLabels(List<String> labels) {
    TreeMap<String, String> map = new TreeMap<>();
    for (String l : labels) {
      int eq = l.indexOf('=');
      if (eq <= 0) {
        throw new UsageError("label '" + l + "' is not KEY=VALUE");
      }
      map.put(l.substring(0, eq), l.substring(eq + 1));
    }
    return map;
  }
}
