package dev.holdfast.core.prune;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.concurrent.DaemonThreads;
import dev.holdfast.core.content.ChunkIndex;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.Tree;
import dev.holdfast.core.snapshot.TreeEntry;
import dev.holdfast.core.snapshot.TreeStore;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Marks every blob that snapshots use, one bit per index entry: memory is an eighth of a byte per
 * chunk on top of the index, whatever the number of snapshots. A tree already marked is not read
 * again, so shared subtrees (most of them, between backups of one source) cost nothing. Trees are
 * read by a small pool of threads, since on object storage each read is a round trip.
 */
final class Marker {
  private final ChunkIndex index;
  private final TreeStore trees;
  private final int threads;
  private final AtomicLongArray marks;
  private final AtomicLong treesRead = new AtomicLong();
  private final Set<ChunkId> missing = ConcurrentHashMap.newKeySet();
  private final AtomicReference<String> firstMissing = new AtomicReference<>();

  Marker(ChunkIndex index, TreeStore trees, int threads) {
    this.index = index;
    this.trees = trees;
    this.threads = threads;
    this.marks = new AtomicLongArray((index.size() + 63) >>> 6);
  }

  /**
   * Marks the blobs of every snapshot in {@code snapshots}.
   *
   * @throws CorruptObject naming the snapshot when a tree cannot be read: prune refuses to decide
   *     what is unused in a damaged repository (blobs the index lacks are collected in {@link
   *     #missing} instead)
   */
  void mark(List<Snapshot> snapshots) {
    ExecutorService pool =
        Executors.newFixedThreadPool(threads, DaemonThreads.named("holdfast-mark"));
    Walk walk = new Walk(pool);
    try {
      for (Snapshot s : snapshots) {
        if (markNew(s, s.tree(), "tree")) {
          walk.submit(s, s.tree());
        }
      }
      walk.await();
    } finally {
      pool.shutdownNow();
    }
  }

  /** Whether the index entry of {@code id} is marked. */
  boolean isMarked(ChunkId id) {
    int ordinal = index.ordinalOf(id);
    return ordinal >= 0 && (marks.get(ordinal >>> 6) & (1L << ordinal)) != 0;
  }

  /** How many distinct trees were read. */
  long treesRead() {
    return treesRead.get();
  }

  /** One marking run: the trees in flight, and the first failure, which stops the rest. */
  private final class Walk {
    private final ExecutorService pool;
    private final AtomicInteger pending = new AtomicInteger(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    Walk(ExecutorService pool) {
      this.pool = pool;
    }

    void submit(Snapshot snapshot, ChunkId tree) {
      pending.incrementAndGet();
      pool.execute(
          () -> {
            try {
              if (failure.get() == null) {
                visit(snapshot, tree);
              }
            } catch (RuntimeException e) {
              failure.compareAndSet(null, e);
            } finally {
              finishOne();
            }
          });
    }

    void await() {
      finishOne(); // the submitting thread's own share
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while marking", e);
      }
      RuntimeException e = failure.get();
      if (e != null) {
        throw e;
      }
    }

    private void finishOne() {
      if (pending.decrementAndGet() == 0) {
        done.countDown();
      }
    }

    private void visit(Snapshot snapshot, ChunkId treeId) {
      Tree tree;
      try {
        tree = trees.load(treeId);
      } catch (CorruptObject e) {
        throw new CorruptObject(
            "snapshot " + snapshot.id().toShortHex() + ": " + e.getMessage() + pruneRefuses());
      }
      treesRead.incrementAndGet();
      for (TreeEntry entry : tree.entries()) {
        if (entry instanceof TreeEntry.Directory d) {
          if (markNew(snapshot, d.subtree(), "tree")) {
            submit(snapshot, d.subtree());
          }
        } else if (entry instanceof TreeEntry.File f) {
          for (ChunkId chunk : f.content()) {
            markNew(snapshot, chunk, "chunk");
          }
        }
      }
    }
  }

  /**
   * Blobs that snapshots use but the index does not list. Either damage, or (when a prune waits to
   * delete packs) data a backup deduplicated against before those packs were condemned: the caller
   * tells which. Trees among them are still walked, if the tree store finds them.
   */
  Set<ChunkId> missing() {
    return Set.copyOf(missing);
  }

  /** The error for the first missing blob, when the caller finds it is damage. */
  CorruptObject damage() {
    return new CorruptObject(firstMissing.get() + pruneRefuses());
  }

  /** Marks {@code id}; returns false if it was marked (or found missing) already. */
  private boolean markNew(Snapshot snapshot, ChunkId id, String what) {
    int ordinal = index.ordinalOf(id);
    if (ordinal < 0) {
      firstMissing.compareAndSet(
          null,
          "snapshot "
              + snapshot.id().toShortHex()
              + " refers to "
              + what
              + " "
              + id
              + ", which no index file lists");
      return missing.add(id);
    }
    int word = ordinal >>> 6;
    long bit = 1L << ordinal;
    while (true) {
      long old = marks.get(word);
      if ((old & bit) != 0) {
        return false;
      }
      if (marks.compareAndSet(word, old, old | bit)) {
        return true;
      }
    }
  }

  private static String pruneRefuses() {
    return "; prune refuses to remove data from a damaged repository (run 'holdfast check')";
  }
}
