package dev.holdfast.core.repository;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.concurrent.DaemonThreads;
import dev.holdfast.core.content.ChunkIndex;
import dev.holdfast.core.content.IndexFile;
import dev.holdfast.core.id.IndexId;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads every index file of a repository into one in-memory {@link ChunkIndex}, several files at
 * once: on S3 or through a repository server each file is a request, and a large repository has
 * thousands of them, so reading them one after the other would cost a round trip each. Files are
 * added in the order the listing gave them, as when they were read one by one, and at most {@link
 * #WINDOW} decoded files wait to be added at any time, so memory stays that of the index.
 */
final class IndexLoader {
  /** Index files read at once. */
  static final int PARALLEL_READS = 8;

  /** Index files read ahead of the one being added. */
  private static final int WINDOW = 4 * PARALLEL_READS;

  /**
   * The loaded index.
   *
   * @param files the index files it was made from
   * @param unreadable index files that failed authentication or decoding, left out
   */
  record Loaded(ChunkIndex index, List<IndexId> files, List<CorruptObject> unreadable) {}

  /** The outcome of reading one index file: the file, or why it is unreadable. */
  private record Read(IndexId id, IndexFile file, CorruptObject damage) {}

  /** Listings in a row that may name the same vanished files before loading gives up. */
  private static final int STALE_LISTINGS = 3;

  /** Listings in all, however the index files move under concurrent prunes. */
  private static final int MAX_LISTINGS = 30;

  private final BlobStore store;
  private final Function<IndexId, IndexFile> reader;

  /**
   * @param reader reads and decodes one index file; throws {@link CorruptObject} for a damaged one
   *     and {@link NoSuchBlob} for one that is gone
   */
  IndexLoader(BlobStore store, Function<IndexId, IndexFile> reader) {
    this.store = store;
    this.reader = reader;
  }

  /**
   * Reads every index file into a fresh index. Files that another file supersedes (a prune wrote
   * their replacement but could not delete them yet) are left out; since that is rare, the index is
   * only rebuilt without them when it happens.
   */
  Loaded load() {
    // An index file that vanishes between listing and reading was superseded by a prune, whose
    // new files the listing may have missed: list again rather than load a partial index. Prunes
    // that follow each other can make that happen again and again, and each time the listing has
    // moved on; only a listing that stays the same while its files stay missing is a fault.
    List<IndexId> previous = List.of();
    int unchanged = 0;
    for (int attempt = 1; ; attempt++) {
      List<IndexId> listed = listing();
      try {
        return loadOnce(listed);
      } catch (NoSuchBlob e) {
        unchanged = listed.equals(previous) ? unchanged + 1 : 0;
        previous = listed;
        if (unchanged == STALE_LISTINGS - 1 || attempt == MAX_LISTINGS) {
          throw new StorageUnavailable(
              "reading the index of "
                  + store.location()
                  + ": index files keep vanishing ("
                  + e.getMessage()
                  + ")",
              false,
              e);
        }
      }
    }
  }

  private List<IndexId> listing() {
    List<IndexId> listed = new ArrayList<>();
    for (BlobInfo info : store.list(BlobKind.INDEX)) {
      listed.add(IndexId.fromHex(info.name().name()));
    }
    return listed;
  }

  private Loaded loadOnce(List<IndexId> listed) {
    ChunkIndex index = new ChunkIndex();
    List<IndexId> files = new ArrayList<>();
    List<CorruptObject> unreadable = new ArrayList<>();
    Set<IndexId> superseded = new HashSet<>();
    readAll(
        listed,
        read -> {
          if (read.damage() != null) {
            unreadable.add(read.damage());
            return;
          }
          superseded.addAll(read.file().supersedes());
          addAll(index, read.file());
          files.add(read.id());
        });
    if (files.stream().noneMatch(superseded::contains)) {
      return new Loaded(index, List.copyOf(files), List.copyOf(unreadable));
    }
    ChunkIndex current = new ChunkIndex();
    List<IndexId> kept = new ArrayList<>();
    List<IndexId> wanted = files.stream().filter(id -> !superseded.contains(id)).toList();
    readAll(
        wanted,
        read -> {
          if (read.damage() != null) {
            unreadable.add(read.damage());
            return;
          }
          addAll(current, read.file());
          kept.add(read.id());
        });
    return new Loaded(current, List.copyOf(kept), List.copyOf(unreadable));
  }

  private static void addAll(ChunkIndex index, IndexFile file) {
    for (IndexFile.Entry e : file.entries()) {
      index.add(e.id(), e.location());
    }
  }

  /** Reads {@code ids}, up to {@link #PARALLEL_READS} at once, and hands each over in order. */
  private void readAll(List<IndexId> ids, Consumer<Read> each) {
    if (ids.size() <= 1) {
      ids.forEach(id -> each.accept(read(id)));
      return;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(PARALLEL_READS, ids.size()), DaemonThreads.named("holdfast-index"));
    try {
      List<Future<Read>> ahead = new ArrayList<>();
      int next = 0;
      for (int i = 0; i < ids.size(); i++) {
        while (next < ids.size() && next < i + WINDOW) {
          IndexId id = ids.get(next++);
          ahead.add(pool.submit(() -> read(id)));
        }
        each.accept(outcome(ahead.get(i)));
        ahead.set(i, null); // the decoded file is added: let it go
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private Read read(IndexId id) {
    try {
      return new Read(id, reader.apply(id), null);
    } catch (CorruptObject e) {
      return new Read(id, null, e);
    }
  }

  private static Read outcome(Future<Read> read) {
    try {
      return read.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("reading the index was interrupted", e);
    } catch (ExecutionException e) {
      // The reader's own failure, as reading inline would have thrown it (NoSuchBlob, a storage
      // failure past its retries, a full heap).
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("reading an index file failed: " + e.getCause(), e);
    }
  }
}
