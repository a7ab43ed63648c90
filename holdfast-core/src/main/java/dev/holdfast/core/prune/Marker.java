package dev.holdfast.core.prune;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.content.ChunkIndex;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.Tree;
import dev.holdfast.core.snapshot.TreeEntry;
import dev.holdfast.core.snapshot.TreeStore;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;

/**
 * Marks every blob that snapshots use, one bit per index entry: memory is an eighth of a byte per
 * chunk on top of the index, whatever the number of snapshots. A tree already marked is not read
 * again, so shared subtrees (most of them, between backups of one source) cost nothing.
 */
final class Marker {
  private final ChunkIndex index;
  private final TreeStore trees;
  private final BitSet marks;
  private long treesRead;

  Marker(ChunkIndex index, TreeStore trees) {
    this.index = index;
    this.trees = trees;
    this.marks = new BitSet(index.size());
  }

  /**
   * Marks the blobs of {@code snapshot}.
   *
   * @throws CorruptObject naming the snapshot when it refers to a blob no index lists, or a tree
   *     cannot be read: prune refuses to decide what is unused in a damaged repository
   */
  void mark(Snapshot snapshot) {
    Deque<ChunkId> pending = new ArrayDeque<>();
    pending.push(snapshot.tree());
    while (!pending.isEmpty()) {
      ChunkId treeId = pending.pop();
      if (!markNew(snapshot, treeId, "tree")) {
        continue;
      }
      Tree tree;
      try {
        tree = trees.load(treeId);
      } catch (CorruptObject e) {
        throw new CorruptObject(
            "snapshot " + snapshot.id().toShortHex() + ": " + e.getMessage() + pruneRefuses());
      }
      treesRead++;
      for (TreeEntry entry : tree.entries()) {
        if (entry instanceof TreeEntry.Directory d) {
          pending.push(d.subtree());
        } else if (entry instanceof TreeEntry.File f) {
          for (ChunkId chunk : f.content()) {
            markNew(snapshot, chunk, "chunk");
          }
        }
      }
    }
  }

  /** Whether the index entry of {@code id} is marked. */
  boolean isMarked(ChunkId id) {
    int ordinal = index.ordinalOf(id);
    return ordinal >= 0 && marks.get(ordinal);
  }

  /** How many index entries are marked. */
  int markedCount() {
    return marks.cardinality();
  }

  /** How many distinct trees were read. */
  long treesRead() {
    return treesRead;
  }

  /** Marks {@code id}; returns false if it was marked already. */
  private boolean markNew(Snapshot snapshot, ChunkId id, String what) {
    int ordinal = index.ordinalOf(id);
    if (ordinal < 0) {
      throw new CorruptObject(
          "snapshot "
              + snapshot.id().toShortHex()
              + " refers to "
              + what
              + " "
              + id
              + ", which no index file lists"
              + pruneRefuses());
    }
    if (marks.get(ordinal)) {
      return false;
    }
    marks.set(ordinal);
    return true;
  }

  private static String pruneRefuses() {
    return "; prune refuses to remove data from a damaged repository (run 'holdfast check')";
  }
}
