package dev.holdfast.core.snapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The entries of one directory, sorted by name and unique, so that the same directory always
 * encodes to the same bytes and deduplicates.
 */
public record Tree(List<TreeEntry> entries) {
  private static final Comparator<TreeEntry> BY_NAME = Comparator.comparing(TreeEntry::name);

  public Tree {
    List<TreeEntry> sorted = new ArrayList<>(entries);
    sorted.sort(BY_NAME);
    Set<String> seen = new HashSet<>();
    for (TreeEntry e : sorted) {
      if (!seen.add(e.name())) {
        throw new IllegalArgumentException("duplicate entry name in tree: " + e.name());
      }
    }
    entries = List.copyOf(sorted);
  }

  /** The entry called {@code name}, if any. */
  public Optional<TreeEntry> find(String name) {
    int lo = 0;
    int hi = entries.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = entries.get(mid).name().compareTo(name);
      if (c == 0) {
        return Optional.of(entries.get(mid));
      }
      if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return Optional.empty();
  }
}
