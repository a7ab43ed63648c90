package dev.holdfast.core.snapshot;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Which snapshots a command works on, by source, host, tags and labels (each given criterion must
 * match; every given tag and label must be present). The empty selection chooses all snapshots.
 */
public record SnapshotSelection(
    Optional<String> source,
    Optional<String> host,
    List<String> tags,
    SortedMap<String, String> labels)
    implements Predicate<Snapshot> {

  /** Every snapshot. */
  public static final SnapshotSelection ALL =
      new SnapshotSelection(Optional.empty(), Optional.empty(), List.of(), new TreeMap<>());

  public SnapshotSelection {
    tags = List.copyOf(tags);
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }

  /** True when at least one criterion is given. */
  public boolean narrows() {
    return source.isPresent() || host.isPresent() || !tags.isEmpty() || !labels.isEmpty();
  }

  @Override
  public boolean test(Snapshot s) {
    return source.map(s.source()::equals).orElse(true)
        && host.map(s.host()::equals).orElse(true)
        && tags.stream().allMatch(s::hasTag)
        && s.hasLabels(labels);
  }
}
