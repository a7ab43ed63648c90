package dev.holdfast.core.browse;

import dev.holdfast.core.NotFound;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.TreeEntry;
import dev.holdfast.core.snapshot.TreeWalker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Lists what a snapshot holds ({@code holdfast ls}). */
public final class Browser {
  private final Repository repo;

  public Browser(Repository repo) {
    this.repo = repo;
  }

  /**
   * The entries at and below {@code path} of {@code snapshot}, depth-first in name order.
   *
   * @param recursive false lists one folder level only
   */
  public List<ListedEntry> list(Snapshot snapshot, String path, boolean recursive) {
    TreeWalker walker = new TreeWalker(repo.trees());
    String clean = TreeWalker.trimSlashes(path);
    Optional<TreeEntry> start = walker.find(snapshot.tree(), clean);
    List<ListedEntry> out = new ArrayList<>();
    if (start.isPresent() && !(start.get() instanceof TreeEntry.Directory)) {
      out.add(ListedEntry.of(clean, start.get()));
      return out;
    }
    String prefix = clean.isEmpty() ? "" : clean + "/";
    start.ifPresent(e -> out.add(ListedEntry.of(clean, e)));
    var root = start.map(e -> ((TreeEntry.Directory) e).subtree()).orElse(snapshot.tree());
    walker.walk(
        root,
        (rel, e) -> {
          out.add(ListedEntry.of(prefix + rel, e));
          return recursive;
        });
    if (out.isEmpty() && !clean.isEmpty()) {
      throw new NotFound("no entry " + clean + " in snapshot " + snapshot.id());
    }
    return out;
  }
}
