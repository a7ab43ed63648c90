package dev.holdfast.core.prune;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.content.BlobLocation;
import dev.holdfast.core.content.BlobType;
import dev.holdfast.core.content.ChunkIndex;
import dev.holdfast.core.crypto.Warmup;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.IndexId;
import dev.holdfast.core.id.PackId;
import dev.holdfast.core.lock.ListedLock;
import dev.holdfast.core.lock.LockInfo;
import dev.holdfast.core.lock.LockMode;
import dev.holdfast.core.lock.Locks;
import dev.holdfast.core.lock.RepositoryLock;
import dev.holdfast.core.repository.DeletionRecord;
import dev.holdfast.core.repository.Deletions;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.SnapshotStore;
import dev.holdfast.core.snapshot.TreeStore;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Removes data that no snapshot needs, and repacks sparse packs, while backups may run (the
 * protocol and why it is safe: docs/DESIGN.md, "Prune"). In order: finish the deletions of earlier
 * prunes whose waits are over; list snapshots, then read the index; mark what snapshots use (one
 * bit per index entry); count use per pack from the index files; copy the used blobs of sparse
 * packs; write index files without the condemned packs and delete the old ones; record the
 * condemned packs with the locks then alive; delete them now if no other process holds a lock, else
 * leave that to a later prune.
 */
public final class Prune {
  /** Trees read at once while marking: each read is a round trip on object storage. */
  static final int MARK_THREADS = 8;

  private final Repository repo;
  private final Locks locks;

  public Prune(Repository repo, Locks locks) {
    this.repo = repo;
    this.locks = locks;
  }

  public PruneResult run(PruneOptions options) {
    LockMode mode = options.dryRun() ? LockMode.SHARED : LockMode.EXCLUSIVE;
    try (RepositoryLock lock = locks.acquire(mode, "prune")) {
      return run(options, lock);
    }
  }

  private PruneResult run(PruneOptions options, RepositoryLock lock) {
    if (!options.dryRun()) {
      Warmup.start(); // repacking decrypts and encrypts: compiled while the marking runs
    }
    Deletions deletions = repo.deletions();
    Sweeper sweeper = new Sweeper(repo, locks);
    Totals totals = new Totals();
    for (ListedLock l : locks.list()) {
      if (l.stale()) {
        totals.staleLocks.add(l.describe()); // ignored, and said so
      }
    }
    Set<PackId> alreadyCondemned = new HashSet<>();
    for (Deletions.Stored stored : deletions.list()) {
      if (options.dryRun()) {
        alreadyCondemned.addAll(stored.record().packs());
        continue;
      }
      Sweeper.Outcome outcome = sweeper.sweep(deletions, stored);
      totals.add(outcome);
      if (!outcome.done()) {
        alreadyCondemned.addAll(stored.record().packs());
      }
    }

    Marked marked = mark(alreadyCondemned, options.dryRun());
    SnapshotStore.Listing listing = marked.listing();
    ChunkIndex index = marked.index();
    List<IndexId> indexFiles = marked.indexFiles();
    Marker marker = marked.marker();
    UsageScan.Usage usage = UsageScan.scan(repo, indexFiles, index, marker);
    Plan plan = plan(options, usage.packs(), alreadyCondemned, lock);

    if (options.dryRun()) {
      return totals.result(listing.snapshots().size(), plan, 0, indexFiles.size(), 0, true);
    }
    lock.checkHeld();
    Repacker repacker = new Repacker(repo, index, marker);
    repacker.repack(plan.repack());
    Set<PackId> condemned = new HashSet<>(plan.unused());
    condemned.addAll(plan.repack());
    if (condemned.isEmpty() && usage.stillSuperseded().isEmpty()) {
      return totals.result(
          listing.snapshots().size(), plan, 0, indexFiles.size(), indexFiles.size(), false);
    }
    lock.checkHeld();
    IndexRewriter rewriter = new IndexRewriter(repo);
    rewriter.rewrite(indexFiles, usage.stillSuperseded(), condemned);

    // Only now, with the old index files gone, are the live locks listed: a process whose lock
    // is not among them took it later, so it read the new index, which lacks the condemned packs.
    lock.checkHeld();
    Set<String> waitFor = new HashSet<>();
    List<String> holders = new ArrayList<>();
    for (ListedLock other : locks.list()) {
      if (!other.stale() && !other.id().equals(Optional.of(lock.id()))) {
        // A live lock that cannot be read (damaged, or from a newer version) is waited for too;
        // the sweep waits while any such lock is live.
        waitFor.add(other.id().orElse(Sweeper.UNREADABLE + other.name().name()));
        holders.add(other.describe());
      }
    }
    DeletionRecord record =
        new DeletionRecord(
            repo.clock().instant(),
            condemned,
            waitFor,
            listing.snapshots().stream().map(Snapshot::id).collect(Collectors.toSet()));
    Deletions.Stored stored = new Deletions.Stored(deletions.save(record), record);
    if (waitFor.isEmpty()) {
      totals.add(sweeper.sweep(deletions, stored));
    } else {
      totals.waitingFor.addAll(holders);
    }
    return totals.result(
        listing.snapshots().size(),
        plan,
        repacker.blobsCopied(),
        indexFiles.size(),
        rewriter.filesWritten(),
        false);
  }

  /** The snapshots, the index and the marks one pass saw. */
  private record Marked(
      SnapshotStore.Listing listing, ChunkIndex index, List<IndexId> indexFiles, Marker marker) {}

  /**
   * Lists snapshots, then reads the index (in this order: every blob of a listed snapshot was
   * indexed before the snapshot was written), and marks. A blob a snapshot needs that no index
   * lists is damage, unless an earlier prune condemned the pack holding it and still waits to
   * delete it: a backup that ran beside that prune deduplicated against it. Such packs are indexed
   * again at once, and the pass is repeated.
   */
  private Marked mark(Set<PackId> waiting, boolean dryRun) {
    for (int pass = 1; ; pass++) {
      SnapshotStore.Listing listing = repo.snapshots().list();
      if (!listing.unreadable().isEmpty()) {
        throw new CorruptObject(
            listing.unreadable().get(0).getMessage()
                + "; prune refuses to remove data while a snapshot cannot be read");
      }
      repo.reloadIndexOnNextUse();
      ChunkIndex index = repo.index();
      if (!repo.unreadableIndexFiles().isEmpty()) {
        throw new CorruptObject(
            repo.unreadableIndexFiles().get(0).getMessage()
                + "; prune refuses to remove data while an index file cannot be read");
      }
      CondemnedBlobs condemned = new CondemnedBlobs(repo, waiting);
      TreeStore trees =
          waiting.isEmpty()
              ? repo.trees()
              : new TreeStore(id -> index.get(id).or(() -> condemned.get(id)), repo.packs());
      Marker marker = new Marker(index, trees, MARK_THREADS);
      marker.mark(listing.snapshots());
      if (marker.missing().isEmpty()) {
        return new Marked(listing, index, repo.indexFiles(), marker);
      }
      Set<PackId> rescue = new HashSet<>();
      for (ChunkId id : marker.missing()) {
        Optional<BlobLocation> at = condemned.get(id);
        if (at.isEmpty() || pass > 1) {
          throw marker.damage();
        }
        rescue.add(at.get().pack());
      }
      if (dryRun) {
        // A dry run changes nothing: the packs stay condemned, and a real run rescues them.
        return new Marked(listing, index, repo.indexFiles(), marker);
      }
      for (PackId pack : rescue) {
        condemned.rescue(pack); // its record's sweep keeps it: an index lists it again
        waiting.remove(pack);
      }
    }
  }

  /** What this prune condemns, and the totals it reports. */
  record Plan(
      Set<PackId> unused,
      long unusedBytes,
      Set<PackId> repack,
      long repackBytes,
      long packs,
      long packBytes) {}

  private Plan plan(
      PruneOptions options,
      Map<PackId, PackStats> stats,
      Set<PackId> alreadyCondemned,
      RepositoryLock lock) {
    // Packs stored since the oldest other live lock was taken may belong to a backup still
    // running: condemning them would be safe (the sweep spares what its snapshot uses) but
    // wasteful, so they are left for a later prune. Clock skew only shifts that line.
    Optional<Instant> busySince = oldestOtherLock(lock);
    Set<PackId> unused = new HashSet<>();
    Set<PackId> repack = new HashSet<>();
    Map<BlobType, List<PackId>> small = new EnumMap<>(BlobType.class);
    long unusedBytes = 0;
    long repackBytes = 0;
    long packs = 0;
    long packBytes = 0;
    Map<PackId, Long> smallBytes = new HashMap<>();
    Set<PackId> listed = new HashSet<>();
    for (BlobInfo info : repo.store().list(BlobKind.PACK)) {
      PackId pack = PackId.fromHex(info.name().name());
      listed.add(pack);
      packs++;
      packBytes += info.size();
      if (alreadyCondemned.contains(pack) || isBusy(info, busySince)) {
        continue; // an earlier prune's, or maybe a running backup's: not this prune's to judge
      }
      PackStats s = stats.get(pack);
      if (s == null || s.usedBlobs == 0) {
        unused.add(pack);
        unusedBytes += info.size();
      } else if (s.usedShare() < options.repackBelow()) {
        repack.add(pack);
        repackBytes += info.size();
      } else if (options.repackSmall() && info.size() < repo.config().packSize() / 4) {
        small.computeIfAbsent(s.type, t -> new ArrayList<>()).add(pack);
        smallBytes.put(pack, info.size());
      }
    }
    // Small packs of one blob type are merged when there are several, or when blobs of that type
    // are being repacked anyway: the result is fewer packs, and at most one small pack per type
    // remains, so prunes in a row do not repack forever.
    Set<BlobType> repackedTypes = new HashSet<>();
    repack.forEach(p -> repackedTypes.add(stats.get(p).type));
    for (Map.Entry<BlobType, List<PackId>> ofType : small.entrySet()) {
      int joining = repackedTypes.contains(ofType.getKey()) ? 1 : 0;
      if (ofType.getValue().size() + joining >= 2) {
        for (PackId pack : ofType.getValue()) {
          repack.add(pack);
          repackBytes += smallBytes.get(pack);
        }
      }
    }
    // Index entries of packs that are gone: dropped if nothing uses them (check reports the rest).
    for (Map.Entry<PackId, PackStats> e : stats.entrySet()) {
      if (!listed.contains(e.getKey()) && e.getValue().usedBlobs == 0) {
        unused.add(e.getKey());
      }
    }
    return new Plan(unused, unusedBytes, repack, repackBytes, packs, packBytes);
  }

  private Optional<Instant> oldestOtherLock(RepositoryLock lock) {
    return locks.list().stream()
        .filter(l -> !l.stale() && !l.id().equals(Optional.of(lock.id())))
        // An unreadable lock's storage time stands in for its creation (only an optimisation)
        .map(l -> l.info().map(LockInfo::created).or(l::storedAt).orElse(Instant.MIN))
        .min(Instant::compareTo);
  }

  private static boolean isBusy(BlobInfo pack, Optional<Instant> busySince) {
    return busySince.isPresent()
        && pack.modified().map(t -> !t.isBefore(busySince.get())).orElse(true);
  }

  /** Running totals over the sweeps of one prune. */
  private static final class Totals {
    long packsDeleted;
    long bytesFreed;
    long packsRescued;
    long packsKeptByObjectLock;
    Optional<Instant> keptUntil = Optional.empty();
    final List<String> waitingFor = new ArrayList<>();
    final List<String> staleLocks = new ArrayList<>();

    void add(Sweeper.Outcome o) {
      packsDeleted += o.packsDeleted();
      bytesFreed += o.bytesFreed();
      packsRescued += o.packsRescued();
      packsKeptByObjectLock += o.packsKeptByObjectLock();
      if (o.keptUntil().isPresent()
          && (keptUntil.isEmpty() || o.keptUntil().get().isAfter(keptUntil.get()))) {
        keptUntil = o.keptUntil();
      }
      for (String holder : o.waitingFor()) {
        if (!waitingFor.contains(holder)) {
          waitingFor.add(holder);
        }
      }
    }

    PruneResult result(
        int snapshots, Plan plan, long blobsCopied, int filesBefore, int filesAfter, boolean dry) {
      return new PruneResult(
          snapshots,
          plan.packs(),
          plan.packBytes(),
          plan.unused().size(),
          plan.unusedBytes(),
          plan.repack().size(),
          plan.repackBytes(),
          blobsCopied,
          filesBefore,
          filesAfter,
          packsDeleted,
          bytesFreed,
          packsRescued,
          packsKeptByObjectLock,
          keptUntil,
          waitingFor,
          staleLocks,
          dry);
    }
  }
}
