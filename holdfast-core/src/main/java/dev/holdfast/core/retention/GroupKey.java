package dev.holdfast.core.retention;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the snapshots of one retention group share: the fields {@link GroupBy} chose, null for the
 * others. Groups are listed in key order.
 */
public record GroupKey(String source, String host, List<String> paths, List<String> tags)
    implements Comparable<GroupKey> {

  private static final Comparator<List<String>> LISTS =
      Comparator.nullsFirst(Comparator.comparing((List<String> l) -> String.join("\n", l)));
  private static final Comparator<GroupKey> ORDER =
      Comparator.comparing(GroupKey::source, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(GroupKey::host, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(GroupKey::paths, LISTS)
          .thenComparing(GroupKey::tags, LISTS);

  public GroupKey {
    paths = paths == null ? null : List.copyOf(paths);
    tags = tags == null ? null : List.copyOf(tags);
  }

  @Override
  public int compareTo(GroupKey o) {
    return ORDER.compare(this, o);
  }

  /** For people: {@code source file://vm/srv, host vm}, or {@code all snapshots}. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (source != null) {
      parts.add("source " + source);
    }
    if (host != null) {
      parts.add("host " + (host.isEmpty() ? "(none)" : host));
    }
    if (paths != null) {
      parts.add("paths " + (paths.isEmpty() ? "(none)" : String.join(", ", paths)));
    }
    if (tags != null) {
      parts.add("tags " + (tags.isEmpty() ? "(none)" : String.join(",", tags)));
    }
    return parts.isEmpty() ? "all snapshots" : String.join(", ", parts);
  }
}
