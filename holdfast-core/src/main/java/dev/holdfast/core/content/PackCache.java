package dev.holdfast.core.content;

import dev.holdfast.core.id.PackId;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobStore;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Whole packs kept in memory for reads that come in groups: the trees of a snapshot sit together in
 * a few tree packs, and walking them one ranged read each costs a round trip per folder on object
 * storage. The first read of a pack stays a ranged read (a single {@code ls} should not fetch 16
 * MiB); from the second on, the whole pack is fetched once and later blobs are cut from it. Bounded
 * by bytes, least recently used first out. Thread-safe: concurrent readers of one pack wait for a
 * single fetch.
 */
final class PackCache {
  private final BlobStore store;
  private final long budget;
  private final Map<PackId, byte[]> packs = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<PackId, CompletableFuture<byte[]>> loading = new HashMap<>();
  private final Map<PackId, Integer> seen = new LinkedHashMap<>(64, 0.75f, true);
  private long bytes;

  /** How many packs' first reads are remembered, to notice a second one. */
  private static final int SEEN_ENTRIES = 4096;

  PackCache(BlobStore store, long budget) {
    this.store = store;
    this.budget = budget;
  }

  /**
   * The whole pack, when it is cached or this is at least its second read; null when the caller
   * should read just its range (a first read, or a pack too large for the cache).
   */
  byte[] whole(PackId pack) {
    CompletableFuture<byte[]> pending;
    boolean fetch = false;
    synchronized (this) {
      byte[] cached = packs.get(pack);
      if (cached != null) {
        return cached;
      }
      pending = loading.get(pack);
      if (pending == null) {
        if (seen.merge(pack, 1, Integer::sum) < 2) {
          if (seen.size() > SEEN_ENTRIES) {
            seen.remove(seen.keySet().iterator().next());
          }
          return null;
        }
        pending = new CompletableFuture<>();
        loading.put(pack, pending);
        fetch = true;
      }
    }
    return fetch ? fetch(pack, pending) : await(pending);
  }

  private byte[] fetch(PackId pack, CompletableFuture<byte[]> pending) {
    byte[] data;
    try {
      long size = store.stat(PackReader.packName(pack)).map(BlobInfo::size).orElse(Long.MAX_VALUE);
      // A pack larger than the whole budget, or gone, is read by ranges as before.
      data = size <= budget ? store.get(PackReader.packName(pack), size) : null;
    } catch (RuntimeException e) {
      synchronized (this) {
        loading.remove(pack);
      }
      pending.completeExceptionally(e);
      throw e;
    }
    synchronized (this) {
      loading.remove(pack);
      if (data != null) {
        packs.put(pack, data);
        bytes += data.length;
        while (bytes > budget) {
          Map.Entry<PackId, byte[]> eldest = packs.entrySet().iterator().next();
          bytes -= eldest.getValue().length;
          packs.remove(eldest.getKey());
        }
      }
    }
    pending.complete(data);
    return data;
  }

  private static byte[] await(CompletableFuture<byte[]> pending) {
    try {
      return pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading a pack", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
