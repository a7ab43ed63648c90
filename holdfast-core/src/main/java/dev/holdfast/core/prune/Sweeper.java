package dev.holdfast.core.prune;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.concurrent.DaemonThreads;
import dev.holdfast.core.content.ChunkIndex;
import dev.holdfast.core.content.PackReader;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.PackId;
import dev.holdfast.core.lock.ListedLock;
import dev.holdfast.core.lock.Locks;
import dev.holdfast.core.repository.DeletionRecord;
import dev.holdfast.core.repository.Deletions;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.SnapshotStore;
import dev.holdfast.core.snapshot.Tree;
import dev.holdfast.core.snapshot.TreeEntry;
import dev.holdfast.core.snapshot.TreeStore;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobName;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Completes a {@link DeletionRecord} once every lock it waits for is gone (docs/DESIGN.md,
 * "Prune"): a condemned pack that an index file lists again is kept; a snapshot written since the
 * record was made that needs a blob only a condemned pack holds gets that pack back (re-indexed
 * from the pack's own trailer); the rest are deleted, except what object lock still protects.
 */
final class Sweeper {
  /**
   * Marks a wait for a lock that could not be read: such a lock is renamed at each refresh and has
   * no id to follow, so the sweep waits while any unreadable lock is live.
   */
  static final String UNREADABLE = "unreadable:";

  /** Condemned packs deleted at once. */
  private static final int DELETE_THREADS = 4;

  private final Repository repo;
  private final Locks locks;

  Sweeper(Repository repo, Locks locks) {
    this.repo = repo;
    this.locks = locks;
  }

  /** What sweeping one record did. */
  record Outcome(
      boolean done,
      List<String> waitingFor,
      int packsDeleted,
      long bytesFreed,
      int packsRescued,
      int packsKeptByObjectLock,
      Optional<Instant> keptUntil) {

    static Outcome waiting(List<String> holders) {
      return new Outcome(false, holders, 0, 0, 0, 0, Optional.empty());
    }
  }

  Outcome sweep(Deletions deletions, Deletions.Stored stored) {
    DeletionRecord record = stored.record();
    List<String> waiting = new ArrayList<>();
    boolean waitsForUnreadable =
        record.waitFor().stream().anyMatch(id -> id.startsWith(UNREADABLE));
    for (ListedLock lock : locks.list()) {
      boolean waitedFor = lock.id().map(record.waitFor()::contains).orElse(waitsForUnreadable);
      if (!lock.stale() && waitedFor) {
        waiting.add(lock.describe());
      }
    }
    if (!waiting.isEmpty()) {
      return Outcome.waiting(waiting);
    }
    repo.reloadIndexOnNextUse();
    ChunkIndex index = repo.index();
    Set<PackId> condemned = new HashSet<>(record.packs());
    condemned.removeAll(index.packs()); // listed again by an index file: someone rescued it
    int rescued = record.packs().size() - condemned.size();
    rescued += rescueForNewSnapshots(record, index, condemned);

    int deleted = 0;
    long freed = 0;
    int kept = 0;
    Optional<Instant> keptUntil = Optional.empty();
    for (PackFate fate : deleteAll(condemned)) {
      if (fate.deletedBytes() >= 0) {
        deleted++;
        freed += fate.deletedBytes();
      } else if (fate.keptUntil().isPresent()) {
        kept++;
        keptUntil = later(keptUntil, fate.keptUntil().get());
      }
    }
    deletions.delete(stored.name());
    return new Outcome(true, List.of(), deleted, freed, rescued, kept, keptUntil);
  }

  /**
   * What became of one condemned pack: deleted (its bytes), kept by object lock (until when), or
   * already gone (neither).
   */
  private record PackFate(long deletedBytes, Optional<Instant> keptUntil) {
    static final PackFate GONE = new PackFate(-1, Optional.empty());
  }

  /** Deletes the packs a few at a time: each delete is a round trip (or a folder sync). */
  private List<PackFate> deleteAll(Set<PackId> packs) {
    ExecutorService pool =
        Executors.newFixedThreadPool(DELETE_THREADS, DaemonThreads.named("holdfast-sweep"));
    try {
      Instant now = repo.clock().instant();
      List<Future<PackFate>> work = new ArrayList<>();
      for (PackId pack : packs) {
        work.add(pool.submit(() -> delete(pack, now)));
      }
      List<PackFate> fates = new ArrayList<>();
      for (Future<PackFate> f : work) {
        fates.add(await(f));
      }
      return fates;
    } finally {
      pool.shutdownNow();
    }
  }

  private PackFate delete(PackId pack, Instant now) {
    BlobName name = PackReader.packName(pack);
    Optional<BlobInfo> info = repo.store().stat(name);
    if (info.isEmpty()) {
      return PackFate.GONE; // deleted by an earlier, interrupted sweep
    }
    Optional<Instant> until = repo.store().retainedUntil(name);
    if (until.isPresent() && until.get().isAfter(now)) {
      // Unindexed now, so a later prune finds it again once the retention has ended.
      return new PackFate(-1, until);
    }
    try {
      repo.store().delete(name);
    } catch (StorageUnavailable e) {
      Optional<Instant> locked = repo.store().retainedUntil(name);
      if (e.permanent() && locked.isPresent()) {
        return new PackFate(-1, locked);
      }
      throw e;
    }
    return new PackFate(info.get().size(), Optional.empty());
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while deleting packs", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("deleting packs failed: " + e.getCause(), e.getCause());
    }
  }

  /**
   * Walks the snapshots that appeared since the record was made; every blob they use that no index
   * lists must be in a condemned pack (a backup deduplicated against it before the index was
   * rewritten): that pack is indexed again from its trailer and spared.
   *
   * @return how many packs were rescued
   */
  private int rescueForNewSnapshots(
      DeletionRecord record, ChunkIndex index, Set<PackId> condemned) {
    SnapshotStore.Listing listing = repo.snapshots().list();
    if (!listing.unreadable().isEmpty()) {
      // It may be a new snapshot that needs condemned data (or one this version cannot parse).
      throw new CorruptObject(
          listing.unreadable().get(0).getMessage()
              + "; prune deletes no condemned pack while a snapshot cannot be read");
    }
    List<Snapshot> fresh = new ArrayList<>();
    for (Snapshot s : listing.snapshots()) {
      if (!record.seenSnapshots().contains(s.id())) {
        fresh.add(s);
      }
    }
    if (fresh.isEmpty() || condemned.isEmpty()) {
      return 0;
    }
    CondemnedBlobs condemnedBlobs = new CondemnedBlobs(repo, condemned);
    TreeStore trees =
        new TreeStore(id -> index.get(id).or(() -> condemnedBlobs.get(id)), repo.packs());
    Set<ChunkId> seenTrees = new HashSet<>();
    Set<PackId> rescue = new HashSet<>();
    for (Snapshot s : fresh) {
      Deque<ChunkId> pending = new ArrayDeque<>();
      pending.push(s.tree());
      while (!pending.isEmpty()) {
        ChunkId treeId = pending.pop();
        if (!seenTrees.add(treeId)) {
          continue;
        }
        need(treeId, index, condemnedBlobs, rescue);
        Tree tree;
        try {
          tree = trees.load(treeId);
        } catch (CorruptObject e) {
          continue; // damage that check reports; not prune's to repair
        }
        for (TreeEntry entry : tree.entries()) {
          if (entry instanceof TreeEntry.Directory d) {
            pending.push(d.subtree());
          } else if (entry instanceof TreeEntry.File f) {
            for (ChunkId chunk : f.content()) {
              need(chunk, index, condemnedBlobs, rescue);
            }
          }
        }
      }
    }
    for (PackId pack : rescue) {
      condemnedBlobs.rescue(pack);
      condemned.remove(pack);
    }
    return rescue.size();
  }

  private static void need(
      ChunkId id, ChunkIndex index, CondemnedBlobs condemned, Set<PackId> rescue) {
    if (index.contains(id)) {
      return;
    }
    condemned.get(id).ifPresent(at -> rescue.add(at.pack()));
  }

  private static Optional<Instant> later(Optional<Instant> a, Instant b) {
    return Optional.of(a.filter(x -> x.isAfter(b)).orElse(b));
  }
}
