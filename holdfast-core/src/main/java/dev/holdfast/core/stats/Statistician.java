package dev.holdfast.core.stats;

import dev.holdfast.core.content.BlobType;
import dev.holdfast.core.content.ChunkIndex;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.Tree;
import dev.holdfast.core.snapshot.TreeEntry;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes {@link RepositoryStats}. Subtree totals are memoised by tree id, so snapshots that share
 * most of their trees cost little more than one.
 */
public final class Statistician {
  private final Repository repo;
  private final Map<ChunkId, long[]> totals = new HashMap<>();

  public Statistician(Repository repo) {
    this.repo = repo;
  }

  /** Figures for the whole repository, or for {@code only} when it is not empty. */
  public RepositoryStats compute(List<Snapshot> only) {
    List<Snapshot> snaps = only.isEmpty() ? repo.snapshots().list().snapshots() : only;
    long files = 0;
    long restore = 0;
    for (Snapshot s : snaps) {
      long[] t = total(s.tree(), 0);
      files += t[0];
      restore += t[1];
    }
    ChunkIndex index = repo.index();
    long[] blobs = new long[4];
    index.forEach(
        (id, at) -> {
          if (at.type() == BlobType.DATA) {
            blobs[0]++;
            blobs[1] += at.rawLength();
            blobs[2] += at.length();
          } else {
            blobs[3]++;
          }
        });
    long packs = 0;
    long stored = 0;
    for (BlobInfo info : repo.store().list(BlobKind.PACK)) {
      packs++;
      stored += info.size();
    }
    return new RepositoryStats(
        snaps.size(),
        files,
        restore,
        blobs[0],
        blobs[3],
        blobs[1],
        packs,
        stored,
        repo.indexFiles().size(),
        index.memoryBytes(),
        blobs[1] == 0 ? 1.0 : (double) restore / blobs[1],
        blobs[2] == 0 ? 1.0 : (double) blobs[1] / blobs[2]);
  }

  private long[] total(ChunkId treeId, int depth) {
    long[] known = totals.get(treeId);
    if (known != null) {
      return known;
    }
    if (depth > dev.holdfast.core.snapshot.TreeWalker.MAX_DEPTH) {
      throw new IllegalStateException("trees nested too deep");
    }
    Tree tree = repo.trees().load(treeId);
    long[] sum = new long[2];
    for (TreeEntry e : tree.entries()) {
      if (e instanceof TreeEntry.File f) {
        sum[0]++;
        sum[1] += f.size();
      } else if (e instanceof TreeEntry.Directory d) {
        long[] sub = total(d.subtree(), depth + 1);
        sum[0] += sub[0];
        sum[1] += sub[1];
      }
    }
    totals.put(treeId, sum);
    return sum;
  }
}
