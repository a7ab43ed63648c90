package dev.holdfast.core.copy;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.HoldfastException;
import dev.holdfast.core.concurrent.DaemonThreads;
import dev.holdfast.core.content.BlobLocation;
import dev.holdfast.core.content.BlobSaver;
import dev.holdfast.core.content.BlobType;
import dev.holdfast.core.content.BlobWriteSession;
import dev.holdfast.core.content.ChunkIndex;
import dev.holdfast.core.content.PackReader;
import dev.holdfast.core.crypto.ChunkHasher;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.Tree;
import dev.holdfast.core.snapshot.TreeEntry;
import dev.holdfast.core.snapshot.TreeStore;
import dev.holdfast.core.snapshot.TreeWalker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rebuilds a source snapshot's trees in the destination repository with destination ids. The walk
 * runs on the caller's thread, depth first; chunks whose translation is unknown are read from the
 * source, checked against their source id, and stored through the destination's {@link
 * BlobWriteSession} by worker threads; a folder's tree is stored once all its entries are
 * translated. Chunks to read are gathered in batches and read range by range ({@link SourceReads}),
 * not one request each, within a budget of chunk bytes in flight.
 *
 * <p>Translations come from three places, each verified before it is used (docs/DESIGN.md, "Copy"):
 * the bounded memos of this run (filled only with destination blobs that are indexed or stored by
 * this run's session); a <em>base</em>, an earlier source snapshot and its copy, walked side by
 * side with the snapshot being copied, whose files at the same path pair their chunk lists position
 * by position (accepted only when the destination chunk is in the destination index); and reading
 * the chunk. One snapshot at a time; not thread-safe between calls.
 */
final class TreeTranslator implements AutoCloseable {
  /** An earlier source tree and the destination tree copy made of it. */
  record Base(ChunkId sourceTree, ChunkId destinationTree) {}

  /** What translating one snapshot read from the source. */
  record Reads(long chunks, long bytes) {}

  private final Repository source;
  private final Repository destination;
  private final ChunkIndex sourceIndex;
  private final ChunkIndex destinationIndex;
  private final BlobWriteSession session;
  private final CopyProgress progress;
  private final IdMemo trees;
  private final IdMemo chunks;
  private final ExecutorService workers;
  private final ThreadLocal<ChunkHasher> sourceHasher;
  private final SourceReads sourceReads;
  private final Map<ChunkId, CompletableFuture<ChunkId>> reading = new ConcurrentHashMap<>();
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private final AtomicLong chunksRead = new AtomicLong();
  private final AtomicLong bytesRead = new AtomicLong();
  private String snapshot = "";

  /**
   * Whether data chunks keep the payloads the source stored (compressed or raw): when both
   * repositories compress and the source at least as hard as the destination, compressing again
   * would cost about a third of the copy's CPU for much the same bytes (zstd frames do not depend
   * on the key).
   */
  private final boolean keepCompression;

  TreeTranslator(
      Repository source,
      Repository destination,
      BlobWriteSession session,
      CopySettings settings,
      CopyProgress progress) {
    this.source = source;
    this.destination = destination;
    this.sourceIndex = source.index();
    this.destinationIndex = destination.index();
    this.session = session;
    this.progress = progress;
    this.trees = new IdMemo(settings.treeMemoEntries());
    this.chunks = new IdMemo(settings.chunkMemoEntries());
    this.workers =
        Executors.newFixedThreadPool(settings.threads(), DaemonThreads.named("holdfast-copy"));
    long budget = Math.max(settings.maxBytesInFlight(), 2L * source.config().chunker().maxSize());
    this.sourceHasher = ThreadLocal.withInitial(() -> source.key().newChunkHasher());
    int level = destination.config().compressionLevel();
    this.keepCompression = level > 0 && level <= source.config().compressionLevel();
    this.sourceReads =
        new SourceReads(
            source,
            workers,
            settings.readBatchChunks(),
            (int) Math.min(Integer.MAX_VALUE, budget),
            failure::get,
            this::chunkRead);
  }

  /**
   * Translates the trees of {@code s} and returns the destination id of its root tree; every blob
   * it refers to is indexed in the destination or saved in the session (durable after the session's
   * next flush).
   *
   * @param base an earlier snapshot of the same source and its copy, to learn translations from
   * @throws CorruptObject when the source's data is damaged, naming the snapshot and path; the walk
   *     stops at the first damage, and returns only once no task of it is running
   */
  ChunkId translate(Snapshot s, Optional<Base> base) {
    snapshot = "snapshot " + s.id().toShortHex() + " (" + s.source() + ")";
    failure.set(null);
    chunksRead.set(0);
    bytesRead.set(0);
    CompletableFuture<ChunkId> root;
    try {
      root = tree(s.tree(), base.orElse(null), "/", 0);
    } finally {
      sourceReads.dispatch();
    }
    try {
      // The root completes only after every entry below it did, failed or not: no task outlives
      // the call.
      return root.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CompletionException(e);
    } catch (ExecutionException e) {
      RuntimeException first = failure.get();
      if (first != null) {
        throw first;
      }
      throw unwrap(e.getCause());
    }
  }

  /** What the last {@link #translate} read from the source. */
  Reads reads() {
    return new Reads(chunksRead.get(), bytesRead.get());
  }

  private CompletableFuture<ChunkId> tree(ChunkId id, Base base, String path, int depth) {
    ChunkId known = trees.get(id);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    if (failure.get() != null) {
      return CompletableFuture.failedFuture(failure.get());
    }
    if (depth > TreeWalker.MAX_DEPTH) {
      return failed(
          damage(path, new CorruptObject("tree " + id + " is nested deeper than the limit")));
    }
    Tree tree;
    BaseTrees before;
    try {
      tree = source.trees().load(id);
      before = baseTrees(base, id, tree);
    } catch (CorruptObject e) {
      return failed(damage(path, e));
    } catch (RuntimeException e) {
      return failed(e);
    }
    List<CompletableFuture<TreeEntry>> entries = new ArrayList<>(tree.entries().size());
    for (TreeEntry e : tree.entries()) {
      String p = path.endsWith("/") ? path + e.name() : path + "/" + e.name();
      if (e instanceof TreeEntry.File f) {
        entries.add(file(f, before == null ? null : before.files(f.name()), p));
      } else if (e instanceof TreeEntry.Directory d) {
        Base child = before == null ? null : before.folder(d.name());
        entries.add(
            tree(d.subtree(), child, p, depth + 1)
                .thenApply(sub -> new TreeEntry.Directory(d.name(), d.meta(), sub)));
      } else {
        entries.add(CompletableFuture.completedFuture(e));
      }
    }
    return watch(
        CompletableFuture.allOf(entries.toArray(CompletableFuture[]::new))
            .thenApplyAsync(
                v -> {
                  List<TreeEntry> list = new ArrayList<>(entries.size());
                  for (CompletableFuture<TreeEntry> f : entries) {
                    list.add(f.join());
                  }
                  ChunkId saved = TreeStore.save(new Tree(list), session.saver());
                  trees.put(id, saved);
                  return saved;
                },
                workers));
  }

  private CompletableFuture<TreeEntry> file(TreeEntry.File f, FilePair before, String path) {
    List<ChunkId> content = f.content();
    ChunkId[] out = new ChunkId[content.size()];
    if (before != null && before.source().content().equals(content)) {
      List<ChunkId> copied = before.destination().content();
      if (copied.stream().allMatch(destinationIndex::contains)) {
        progress.fileDone(f.size());
        return CompletableFuture.completedFuture(
            new TreeEntry.File(f.name(), f.meta(), f.size(), copied));
      }
    }
    Map<ChunkId, ChunkId> paired = null;
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    for (int i = 0; i < out.length; i++) {
      ChunkId c = content.get(i);
      ChunkId d = chunks.get(c);
      if (d == null && before != null) {
        if (paired == null) {
          paired = before.pairs();
        }
        d = paired.get(c);
        if (d != null && destinationIndex.contains(d)) {
          chunks.put(c, d);
        } else {
          d = null;
        }
      }
      if (d != null) {
        out[i] = d;
        continue;
      }
      if (failure.get() != null) {
        // Stop reading, but keep what is running in the graph: no task may outlive translate().
        pending.add(CompletableFuture.failedFuture(failure.get()));
        break;
      }
      int at = i;
      pending.add(read(c, path).thenAccept(x -> out[at] = x));
    }
    return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
        .thenApply(
            v -> {
              progress.fileDone(f.size());
              return new TreeEntry.File(f.name(), f.meta(), f.size(), Arrays.asList(out));
            });
  }

  /** The destination id of source chunk {@code c}, read and stored once however many need it. */
  private CompletableFuture<ChunkId> read(ChunkId c, String path) {
    CompletableFuture<ChunkId> running = reading.get(c);
    if (running != null) {
      return running;
    }
    ChunkId known = chunks.get(c);
    if (known != null) {
      // stored by a task that finished since the caller looked
      return CompletableFuture.completedFuture(known);
    }
    Optional<BlobLocation> at = sourceIndex.get(c);
    if (at.isEmpty()) {
      return failed(damage(path, new CorruptObject("chunk " + c + " is not in the index")));
    }
    CompletableFuture<ChunkId> result = new CompletableFuture<>();
    reading.put(c, result);
    sourceReads.add(new SourceReads.Wanted(c, at.get(), path, result));
    return watch(result);
  }

  /**
   * Re-hashes a chunk read from the source and saves it in the destination, or fails it; on a
   * worker, once per chunk {@link #read} asked for.
   */
  private void chunkRead(
      SourceReads.Wanted w, PackReader.Decoded blob, RuntimeException readFailure) {
    try {
      if (readFailure == failure.get() && readFailure != null) {
        throw readFailure; // not read: the walk stopped at this earlier failure
      } else if (readFailure instanceof CorruptObject e) {
        throw damage(w.path(), e);
      } else if (readFailure != null) {
        throw readFailure;
      }
      ChunkId d = copyChunk(w.id(), w.at(), blob, w.path());
      chunks.put(w.id(), d);
      w.result().complete(d);
    } catch (RuntimeException e) {
      w.result().completeExceptionally(e);
    } finally {
      reading.remove(w.id());
    }
  }

  /**
   * Checks one authenticated source chunk against its id, and saves it in the destination: as the
   * source compressed it when {@link #keepCompression}, else compressed anew.
   */
  private ChunkId copyChunk(ChunkId c, BlobLocation at, PackReader.Decoded blob, String path) {
    byte[] plain = blob.plain();
    // Authenticated, but re-hashed anyway: a chunk that does not match its id must not enter
    // the destination under a fresh, valid-looking id.
    if (!sourceHasher.get().hash(plain, 0, plain.length).equals(c)) {
      throw damage(
          path,
          new CorruptObject("chunk " + c + " in pack " + at.pack() + " does not hash to its id"));
    }
    chunksRead.incrementAndGet();
    bytesRead.addAndGet(at.length());
    BlobSaver saver = session.saver();
    return (keepCompression
            ? saver.saveDecoded(BlobType.DATA, blob)
            : saver.save(BlobType.DATA, plain, 0, plain.length))
        .id();
  }

  private CorruptObject damage(String path, CorruptObject e) {
    return new CorruptObject(snapshot + ", " + path + ": " + e.getMessage(), e);
  }

  private <T> CompletableFuture<T> failed(RuntimeException e) {
    failure.compareAndSet(null, e);
    return CompletableFuture.failedFuture(e);
  }

  /** Records the first failure of {@code f}, so that the walk stops submitting work. */
  private <T> CompletableFuture<T> watch(CompletableFuture<T> f) {
    return f.whenComplete(
        (v, e) -> {
          if (e != null) {
            failure.compareAndSet(null, unwrap(e));
          }
        });
  }

  private static RuntimeException unwrap(Throwable e) {
    Throwable cause = e;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof HoldfastException h) {
      return h;
    }
    if (cause instanceof RuntimeException r) {
      return r;
    }
    return new CompletionException(cause);
  }

  /** The base's trees at the folder being translated, or null when there is no usable base. */
  private BaseTrees baseTrees(Base base, ChunkId id, Tree tree) {
    if (base == null) {
      return null;
    }
    Tree before = base.sourceTree().equals(id) ? tree : quietly(source, base.sourceTree());
    Tree copy = quietly(destination, base.destinationTree());
    return before == null || copy == null ? null : new BaseTrees(before, copy);
  }

  /** A base only speeds the copy up: a base tree that does not load is ignored. */
  private static Tree quietly(Repository repo, ChunkId id) {
    try {
      return repo.trees().load(id);
    } catch (CorruptObject e) {
      return null;
    }
  }

  /** One folder of the base: the earlier source tree and its copy. */
  private record BaseTrees(Tree source, Tree destination) {
    /** The base's folders called {@code name}, if both sides have one. */
    Base folder(String name) {
      Optional<TreeEntry> s = source.find(name);
      Optional<TreeEntry> d = destination.find(name);
      if (s.orElse(null) instanceof TreeEntry.Directory sd
          && d.orElse(null) instanceof TreeEntry.Directory dd
          && sd.meta().equals(dd.meta())) {
        return new Base(sd.subtree(), dd.subtree());
      }
      return null;
    }

    /**
     * The base's files called {@code name}, if both sides have one of the same shape: same size,
     * metadata and number of chunks, as a copy keeps them.
     */
    FilePair files(String name) {
      Optional<TreeEntry> s = source.find(name);
      Optional<TreeEntry> d = destination.find(name);
      if (s.orElse(null) instanceof TreeEntry.File sf
          && d.orElse(null) instanceof TreeEntry.File df
          && sf.size() == df.size()
          && sf.meta().equals(df.meta())
          && sf.content().size() == df.content().size()) {
        return new FilePair(sf, df);
      }
      return null;
    }
  }

  /** A file of the base and its copy, whose chunk lists correspond position by position. */
  private record FilePair(TreeEntry.File source, TreeEntry.File destination) {
    Map<ChunkId, ChunkId> pairs() {
      Map<ChunkId, ChunkId> map = new HashMap<>();
      for (int i = 0; i < source.content().size(); i++) {
        map.put(source.content().get(i), destination.content().get(i));
      }
      return map;
    }
  }

  @Override
  public void close() {
    workers.shutdownNow();
    boolean stopped = false;
    try {
      stopped = workers.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!stopped) {
      session.leaveSaversToCleaner();
    }
  }
}
