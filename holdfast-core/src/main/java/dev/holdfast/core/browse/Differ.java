package dev.holdfast.core.browse;

import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.Tree;
import dev.holdfast.core.snapshot.TreeEntry;
import dev.holdfast.core.snapshot.TreeWalker;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compares two snapshots tree by tree ({@code holdfast diff}); identical subtrees (same id) are
 * skipped without being read, so a diff costs what changed, not what exists.
 */
public final class Differ {
  private final Repository repo;

  public Differ(Repository repo) {
    this.repo = repo;
  }

  /** Every difference from {@code a} to {@code b}, in path order. */
  public List<Change> diff(Snapshot a, Snapshot b) {
    List<Change> out = new ArrayList<>();
    compare(a.tree(), b.tree(), "", out, 0);
    return out;
  }

  private void compare(ChunkId a, ChunkId b, String prefix, List<Change> out, int depth) {
    if (a.equals(b)) {
      return;
    }
    if (depth > TreeWalker.MAX_DEPTH) {
      throw new dev.holdfast.core.CorruptObject("trees nested deeper than " + TreeWalker.MAX_DEPTH);
    }
    Tree ta = repo.trees().load(a);
    Tree tb = repo.trees().load(b);
    List<TreeEntry> ea = ta.entries();
    List<TreeEntry> eb = tb.entries();
    int i = 0;
    int j = 0;
    while (i < ea.size() || j < eb.size()) {
      int c =
          i == ea.size() ? 1 : j == eb.size() ? -1 : ea.get(i).name().compareTo(eb.get(j).name());
      if (c < 0) {
        whole(ea.get(i++), prefix, Change.Kind.REMOVED, out);
      } else if (c > 0) {
        whole(eb.get(j++), prefix, Change.Kind.ADDED, out);
      } else {
        pair(ea.get(i++), eb.get(j++), prefix, out, depth);
      }
    }
  }

  private void pair(TreeEntry x, TreeEntry y, String prefix, List<Change> out, int depth) {
    String path = prefix + "/" + x.name();
    if (x.getClass() != y.getClass()) {
      out.add(new Change(Change.Kind.TYPE_CHANGED, path, size(x), size(y)));
      return;
    }
    if (x instanceof TreeEntry.Directory dx && y instanceof TreeEntry.Directory dy) {
      if (!sameMeta(x, y)) {
        out.add(new Change(Change.Kind.METADATA, path + "/", 0, 0));
      }
      compare(dx.subtree(), dy.subtree(), path, out, depth + 1);
      return;
    }
    boolean sameContent =
        x instanceof TreeEntry.File fx && y instanceof TreeEntry.File fy
            ? fx.content().equals(fy.content())
            : x instanceof TreeEntry.Symlink sx && y instanceof TreeEntry.Symlink sy
                ? sx.target().equals(sy.target())
                : true;
    if (!sameContent) {
      out.add(new Change(Change.Kind.MODIFIED, path, size(x), size(y)));
    } else if (!sameMeta(x, y)) {
      out.add(new Change(Change.Kind.METADATA, path, size(x), size(y)));
    }
  }

  private static boolean sameMeta(TreeEntry x, TreeEntry y) {
    var a = x.meta();
    var b = y.meta();
    return a.mode() == b.mode()
        && a.uid() == b.uid()
        && a.gid() == b.gid()
        && a.mtimeNs() == b.mtimeNs()
        && Objects.equals(a.user(), b.user())
        && Objects.equals(a.group(), b.group());
  }

  private void whole(TreeEntry e, String prefix, Change.Kind kind, List<Change> out) {
    String path = prefix + "/" + e.name();
    boolean added = kind == Change.Kind.ADDED;
    out.add(
        new Change(
            kind,
            e instanceof TreeEntry.Directory ? path + "/" : path,
            added ? 0 : size(e),
            added ? size(e) : 0));
    if (e instanceof TreeEntry.Directory d) {
      new TreeWalker(repo.trees())
          .walk(
              d.subtree(),
              (rel, child) -> {
                String p = path + "/" + rel + (child instanceof TreeEntry.Directory ? "/" : "");
                out.add(new Change(kind, p, added ? 0 : size(child), added ? size(child) : 0));
                return true;
              });
    }
  }

  private static long size(TreeEntry e) {
    return e instanceof TreeEntry.File f ? f.size() : 0;
  }
}
