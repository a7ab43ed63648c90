package dev.holdfast.core.retention;

import dev.holdfast.core.UsageError;
import dev.holdfast.core.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How snapshots are split into groups that a policy is applied to separately, as restic's {@code
 * --group-by}: by any of source (Holdfast's addition, and its default), host, paths and tags; by
 * none, all snapshots are one group. Paths and tags are compared as sorted sets of names.
 */
public record GroupBy(boolean source, boolean host, boolean paths, boolean tags) {
  /** Holdfast's default: one group per source (a PVC, a folder on a host). */
  public static final GroupBy SOURCE = new GroupBy(true, false, false, false);

  /** One group of all snapshots. */
  public static final GroupBy NONE = new GroupBy(false, false, false, false);

  /**
   * Parses a comma-separated list of {@code source}, {@code host}, {@code paths}, {@code tags}
   * (singular forms too, as restic accepts); an empty string means one group.
   *
   * @throws UsageError naming an unknown word
   */
  public static GroupBy parse(String text) {
    boolean source = false;
    boolean host = false;
    boolean paths = false;
    boolean tags = false;
    for (String word : (text == null ? "" : text).split(",", -1)) {
      switch (word.strip().toLowerCase(Locale.ROOT)) {
        case "source", "sources" -> source = true;
        case "host", "hosts" -> host = true;
        case "path", "paths" -> paths = true;
        case "tag", "tags" -> tags = true;
        case "" -> {
          // restic allows empty elements: "" is no grouping
        }
        default ->
            throw new UsageError(
                "--group-by: unknown grouping '"
                    + word
                    + "' (use source, host, paths, tags, separated by commas, or '' for one group)");
      }
    }
    return new GroupBy(source, host, paths, tags);
  }

  /** The key of the group {@code s} belongs to. */
  public GroupKey keyOf(Snapshot s) {
    return new GroupKey(
        source ? s.source() : null,
        host ? s.host() : null,
        paths ? sorted(s.paths()) : null,
        tags ? sorted(s.tags()) : null);
  }

  /** {@code snapshots} split into groups, in key order; each group keeps the order given. */
  public SortedMap<GroupKey, List<Snapshot>> group(Collection<Snapshot> snapshots) {
    SortedMap<GroupKey, List<Snapshot>> groups = new TreeMap<>();
    for (Snapshot s : snapshots) {
      groups.computeIfAbsent(keyOf(s), k -> new ArrayList<>()).add(s);
    }
    return groups;
  }

  /** The form {@link #parse} reads: {@code source,host}, or empty for one group. */
  @Override
  public String toString() {
    List<String> words = new ArrayList<>();
    if (source) {
      words.add("source");
    }
    if (host) {
      words.add("host");
    }
    if (paths) {
      words.add("paths");
    }
    if (tags) {
      words.add("tags");
    }
    return String.join(",", words);
  }

  private static List<String> sorted(List<String> names) {
    return names.stream().sorted().toList();
  }
}
