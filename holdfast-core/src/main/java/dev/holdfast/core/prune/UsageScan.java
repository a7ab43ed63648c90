package dev.holdfast.core.prune;

import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.content.BlobLocation;
import dev.holdfast.core.content.ChunkIndex;
import dev.holdfast.core.content.IndexFile;
import dev.holdfast.core.id.IndexId;
import dev.holdfast.core.id.PackId;
import dev.holdfast.core.repository.Repository;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The second pass of prune: reads the index files again, one at a time, and counts per pack the
 * blobs listed and the blobs used. An entry is used when its blob is marked and the index resolves
 * the blob to this very entry (a duplicate copy in another pack is not used).
 */
final class UsageScan {
  /**
   * @param packs statistics of every pack that an index file lists
   * @param stillSuperseded index files that the files read supersede but that still exist (a prune
   *     could not delete them): the rewritten index must keep superseding them
   */
  record Usage(Map<PackId, PackStats> packs, Set<IndexId> stillSuperseded) {}

  private UsageScan() {}

  static Usage scan(Repository repo, List<IndexId> files, ChunkIndex index, Marker marker) {
    Map<PackId, PackStats> packs = new HashMap<>();
    Set<IndexId> superseded = new HashSet<>();
    for (IndexId file : files) {
      IndexFile read;
      try {
        read = repo.readIndexFile(file);
      } catch (NoSuchBlob e) {
        throw new dev.holdfast.core.RepositoryLocked(
            "index file " + file + " vanished while prune read it: is another prune running?");
      }
      superseded.addAll(read.supersedes());
      for (IndexFile.Entry e : read.entries()) {
        BlobLocation at = e.location();
        boolean used = marker.isMarked(e.id()) && Optional.of(at).equals(index.get(e.id()));
        packs.computeIfAbsent(at.pack(), p -> new PackStats()).add(at.type(), at.length(), used);
      }
    }
    superseded.removeAll(files);
    return new Usage(packs, superseded);
  }
}
