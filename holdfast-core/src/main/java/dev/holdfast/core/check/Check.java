package dev.holdfast.core.check;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.HoldfastException;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.concurrent.DaemonThreads;
import dev.holdfast.core.content.BlobLocation;
import dev.holdfast.core.content.BlobType;
import dev.holdfast.core.content.ChunkIndex;
import dev.holdfast.core.content.IndexFile;
import dev.holdfast.core.content.PackReader;
import dev.holdfast.core.crypto.ChunkHasher;
import dev.holdfast.core.crypto.Warmup;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.PackId;
import dev.holdfast.core.repository.Deletions;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.SnapshotStore;
import dev.holdfast.core.snapshot.TreeEntry;
import dev.holdfast.core.snapshot.TreeWalker;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The check job. Structure: every index file reads, every indexed pack exists, every snapshot and
 * every tree it reaches reads, every chunk a file needs is indexed. With read-data: every blob of
 * the chosen packs authenticates and hashes to its id, and each pack's own trailer agrees with the
 * index. Finally every damaged chunk is traced to the snapshots and files that use it.
 */
public final class Check {
  private final Repository repo;
  private final int threads;

  public Check(Repository repo) {
    this(repo, Math.max(2, Runtime.getRuntime().availableProcessors()));
  }

  public Check(Repository repo, int threads) {
    this.repo = repo;
    this.threads = threads;
  }

  /** Runs the check. */
  public CheckResult run(CheckOptions options) {
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    List<String> warnings = new ArrayList<>();
    Set<ChunkId> damaged = ConcurrentHashMap.newKeySet();

    for (CorruptObject e : repo.unreadableIndexFiles()) {
      errors.add(e.getMessage());
    }
    ChunkIndex index = repo.index();
    Map<PackId, Long> stored = new HashMap<>();
    for (BlobInfo info : repo.store().list(BlobKind.PACK)) {
      stored.put(PackId.fromHex(info.name().name()), info.size());
    }
    Map<PackId, List<IndexFile.Entry>> byPack = new HashMap<>();
    index.forEach(
        (id, at) ->
            byPack
                .computeIfAbsent(at.pack(), p -> new ArrayList<>())
                .add(new IndexFile.Entry(id, at)));
    for (Map.Entry<PackId, List<IndexFile.Entry>> e : byPack.entrySet()) {
      if (!stored.containsKey(e.getKey())) {
        errors.add("pack " + e.getKey() + " is in the index but missing from storage");
        e.getValue().forEach(x -> damaged.add(x.id()));
      }
    }
    Set<PackId> condemned = new HashSet<>();
    for (Deletions.Stored record : repo.deletions().list()) {
      condemned.addAll(record.record().packs());
    }
    for (PackId p : stored.keySet()) {
      if (!byPack.containsKey(p)) {
        warnings.add(
            condemned.contains(p)
                ? "pack "
                    + p
                    + " is condemned by a prune that waits for running backups to finish;"
                    + " a later prune deletes it"
                : "pack "
                    + p
                    + " is not indexed (left by an interrupted backup; its data is"
                    + " unused, and prune removes it)");
      }
    }

    SnapshotStore.Listing listing = repo.snapshots().listFromStorage();
    for (CorruptObject e : listing.unreadable()) {
      errors.add(e.getMessage());
    }
    TreeWalker walker = new TreeWalker(repo.trees());
    Set<ChunkId> seenTrees = new HashSet<>();
    long trees = 0;
    for (Snapshot s : listing.snapshots()) {
      trees += checkTrees(s, walker, index, seenTrees, damaged, errors);
    }

    AtomicLong packsRead = new AtomicLong();
    AtomicLong blobsRead = new AtomicLong();
    AtomicLong bytesRead = new AtomicLong();
    if (options.readData()) {
      Warmup.start();
      List<PackId> chosen = choose(byPack.keySet(), stored.keySet(), options);
      readPacks(chosen, byPack, stored, damaged, errors, packsRead, blobsRead, bytesRead);
    }

    List<CheckResult.DamagedFile> files =
        damaged.isEmpty() ? List.of() : trace(listing.snapshots(), walker, damaged);
    List<String> sortedErrors = new ArrayList<>(errors);
    Collections.sort(sortedErrors);
    return new CheckResult(
        listing.snapshots().size(),
        trees,
        stored.size(),
        packsRead.get(),
        blobsRead.get(),
        bytesRead.get(),
        sortedErrors,
        warnings,
        files);
  }

  private long checkTrees(
      Snapshot s,
      TreeWalker walker,
      ChunkIndex index,
      Set<ChunkId> seenTrees,
      Set<ChunkId> damaged,
      List<String> errors) {
    if (!seenTrees.add(s.tree())) {
      return 0;
    }
    long[] count = {1};
    try {
      repo.trees().load(s.tree());
      walker.walk(
          s.tree(),
          (path, e) -> {
            if (e instanceof TreeEntry.File f) {
              for (ChunkId id : f.content()) {
                if (!index.contains(id) && damaged.add(id)) {
                  errors.add(
                      "chunk "
                          + id
                          + " of "
                          + path
                          + " in snapshot "
                          + s.id()
                          + " is not in the index (missing)");
                }
              }
              return false;
            }
            if (e instanceof TreeEntry.Directory d) {
              if (!seenTrees.add(d.subtree())) {
                return false;
              }
              count[0]++;
              try {
                repo.trees().load(d.subtree());
              } catch (CorruptObject x) {
                damaged.add(d.subtree());
                errors.add("snapshot " + s.id() + ", folder " + path + ": " + x.getMessage());
                return false;
              }
              return true;
            }
            return false;
          });
    } catch (CorruptObject e) {
      damaged.add(s.tree());
      errors.add("snapshot " + s.id() + ": " + e.getMessage());
    }
    return count[0];
  }

  private static List<PackId> choose(
      Set<PackId> indexed, Set<PackId> stored, CheckOptions options) {
    List<PackId> all = new ArrayList<>();
    for (PackId p : indexed) {
      if (stored.contains(p)) {
        all.add(p);
      }
    }
    Collections.sort(all);
    if (options.subsetPercent() >= 100) {
      return all;
    }
    Collections.shuffle(all, new Random(options.seed()));
    int n = (int) Math.ceil(all.size() * options.subsetPercent() / 100.0);
    return all.subList(0, Math.min(all.size(), n));
  }

  private void readPacks(
      List<PackId> packs,
      Map<PackId, List<IndexFile.Entry>> byPack,
      Map<PackId, Long> sizes,
      Set<ChunkId> damaged,
      List<String> errors,
      AtomicLong packsRead,
      AtomicLong blobsRead,
      AtomicLong bytesRead) {
    ExecutorService pool =
        Executors.newFixedThreadPool(threads, DaemonThreads.named("holdfast-check"));
    ThreadLocal<ChunkHasher> hashers = ThreadLocal.withInitial(() -> repo.key().newChunkHasher());
    try {
      List<Future<?>> work = new ArrayList<>();
      for (PackId pack : packs) {
        work.add(
            pool.submit(
                () -> {
                  readPack(
                      pack,
                      byPack.get(pack),
                      sizes.get(pack),
                      hashers.get(),
                      damaged,
                      errors,
                      blobsRead,
                      bytesRead);
                  packsRead.incrementAndGet();
                }));
      }
      for (Future<?> f : work) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("check interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof HoldfastException h) {
        throw h;
      }
      throw new IllegalStateException("check failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private void readPack(
      PackId pack,
      List<IndexFile.Entry> entries,
      long size,
      ChunkHasher hasher,
      Set<ChunkId> damaged,
      List<String> errors,
      AtomicLong blobsRead,
      AtomicLong bytesRead) {
    PackReader reader = repo.packs();
    byte[] bytes;
    try {
      // A pack is at most its target size plus one blob; anything larger is damage, and must not
      // make check allocate whatever a hostile size says.
      long limit =
          (long) repo.config().packSize() + 2L * repo.config().chunker().maxSize() + (1 << 20);
      bytes = repo.store().get(PackReader.packName(pack), limit);
    } catch (NoSuchBlob e) {
      errors.add("pack " + pack + " vanished during the check");
      entries.forEach(x -> damaged.add(x.id()));
      return;
    } catch (CorruptObject e) {
      errors.add(e.getMessage());
      entries.forEach(x -> damaged.add(x.id()));
      return;
    }
    bytesRead.addAndGet(bytes.length);
    if (bytes.length != size) {
      errors.add("pack " + pack + " changed size during the check");
    }
    try {
      Map<ChunkId, BlobLocation> own = new HashMap<>();
      for (IndexFile.Entry e : reader.readTrailer(pack, bytes.length)) {
        own.put(e.id(), e.location());
      }
      for (IndexFile.Entry e : entries) {
        if (!e.location().equals(own.get(e.id()))) {
          errors.add("pack " + pack + " does not hold " + e.id() + " where the index says");
          damaged.add(e.id());
        }
      }
    } catch (CorruptObject e) {
      errors.add(e.getMessage());
    }
    for (IndexFile.Entry e : entries) {
      BlobLocation at = e.location();
      try {
        if ((long) at.offset() + at.length() > bytes.length) {
          throw new CorruptObject("chunk " + e.id() + " lies beyond the end of pack " + pack);
        }
        byte[] plain = reader.open(e.id(), at, bytes, at.offset());
        blobsRead.incrementAndGet();
        if (!hasher.hash(plain, 0, plain.length).equals(e.id())) {
          throw new CorruptObject(
              (at.type() == BlobType.TREE ? "tree " : "chunk ")
                  + e.id()
                  + " in pack "
                  + pack
                  + " does not hash to its id");
        }
      } catch (CorruptObject x) {
        damaged.add(e.id());
        errors.add(x.getMessage());
      }
    }
  }

  /** Every file (and folder whose tree is damaged) of every snapshot that uses a damaged blob. */
  private List<CheckResult.DamagedFile> trace(
      List<Snapshot> snapshots, TreeWalker walker, Set<ChunkId> damaged) {
    List<CheckResult.DamagedFile> out = new ArrayList<>();
    for (Snapshot s : snapshots) {
      String sid = s.id().toHex();
      if (damaged.contains(s.tree())) {
        out.add(new CheckResult.DamagedFile(sid, s.source(), "/"));
        continue;
      }
      try {
        walker.walk(
            s.tree(),
            (path, e) -> {
              if (e instanceof TreeEntry.File f) {
                if (f.content().stream().anyMatch(damaged::contains)) {
                  out.add(new CheckResult.DamagedFile(sid, s.source(), "/" + path));
                }
                return false;
              }
              if (e instanceof TreeEntry.Directory d && damaged.contains(d.subtree())) {
                out.add(new CheckResult.DamagedFile(sid, s.source(), "/" + path + "/"));
                return false;
              }
              return true;
            });
      } catch (CorruptObject e) {
        out.add(
            new CheckResult.DamagedFile(
                sid, s.source(), "(unreadable tree: " + e.getMessage() + ")"));
      }
    }
    out.sort(
        Comparator.comparing(CheckResult.DamagedFile::snapshot)
            .thenComparing(CheckResult.DamagedFile::path));
    return out;
  }
}
