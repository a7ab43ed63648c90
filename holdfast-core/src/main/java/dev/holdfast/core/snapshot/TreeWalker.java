package dev.holdfast.core.snapshot;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NotFound;
import dev.holdfast.core.id.ChunkId;
import java.util.Optional;

/**
 * Depth-first walks over a snapshot's trees, handing each entry with its slash-separated path
 * relative to the root. Depth is bounded, so a crafted tree cannot exhaust the stack.
 */
public final class TreeWalker {
  /**
   * Deepest nesting a tree may have (paths are at most 4096 bytes, so real trees are far below).
   */
  public static final int MAX_DEPTH = 2048;

  private final TreeStore trees;

  public TreeWalker(TreeStore trees) {
    this.trees = trees;
  }

  /** Receives entries in depth-first, name order. */
  @FunctionalInterface
  public interface Visitor {
    /**
     * Called for every entry.
     *
     * @param path the entry's path relative to the walk's root, e.g. {@code a/b/c.txt}
     * @return false to skip a directory's contents
     */
    boolean visit(String path, TreeEntry entry);
  }

  /** Walks everything below tree {@code root}. */
  public void walk(ChunkId root, Visitor visitor) {
    walk(root, "", visitor, 0);
  }

  private void walk(ChunkId treeId, String prefix, Visitor visitor, int depth) {
    if (depth > MAX_DEPTH) {
      throw new CorruptObject(
          "tree " + treeId + " at " + prefix + " is nested deeper than " + MAX_DEPTH);
    }
    Tree tree = trees.load(treeId);
    for (TreeEntry e : tree.entries()) {
      String path = prefix.isEmpty() ? e.name() : prefix + "/" + e.name();
      boolean descend = visitor.visit(path, e);
      if (descend && e instanceof TreeEntry.Directory d) {
        walk(d.subtree(), path, visitor, depth + 1);
      }
    }
  }

  /**
   * The entry at {@code path} (slash-separated, relative to {@code root}); empty for the root
   * itself.
   *
   * @throws NotFound when no entry has that path
   */
  public Optional<TreeEntry> find(ChunkId root, String path) {
    String clean = trimSlashes(path);
    if (clean.isEmpty()) {
      return Optional.empty();
    }
    ChunkId tree = root;
    TreeEntry found = null;
    String[] parts = clean.split("/+");
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      found =
          trees
              .load(tree)
              .find(part)
              .orElseThrow(() -> new NotFound("no entry " + clean + " in the snapshot"));
      if (i < parts.length - 1) {
        if (!(found instanceof TreeEntry.Directory d)) {
          throw new NotFound(
              String.join("/", java.util.Arrays.copyOf(parts, i + 1)) + " is not a folder");
        }
        tree = d.subtree();
      }
    }
    return Optional.of(found);
  }

  /** {@code path} without leading or trailing slashes. */
  public static String trimSlashes(String path) {
    String p = path == null ? "" : path;
    int start = 0;
    int end = p.length();
    while (start < end && p.charAt(start) == '/') {
      start++;
    }
    while (end > start && p.charAt(end - 1) == '/') {
      end--;
    }
    return p.substring(start, end);
  }
}
