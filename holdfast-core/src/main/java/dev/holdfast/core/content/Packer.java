package dev.holdfast.core.content;

import dev.holdfast.core.HoldfastException;
import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.concurrent.DaemonThreads;
import dev.holdfast.core.crypto.MasterKey;
import dev.holdfast.core.crypto.Warmup;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.PackId;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Deduplicates blobs and packs the new ones: a caller first {@link #claim claims} a chunk id (only
 * one caller wins, and nothing already in the index is claimed), then {@link #add adds} its framed
 * payload. Full packs are stored by a small bounded upload pool; once a pack is stored its blobs go
 * to the {@link IndexWriter}, and once an index file naming them is stored they enter the {@link
 * ChunkIndex}. Thread-safe; it owns the upload threads and must be closed.
 *
 * <p>Order of durability (docs/DESIGN.md): a pack is stored before any index file names it, and the
 * caller writes its snapshot only after {@link #flush()} returned, so every blob a snapshot refers
 * to is stored and indexed before the snapshot exists.
 */
public final class Packer implements AutoCloseable {
  private final BlobStore store;
  private final MasterKey key;
  private final ChunkIndex index;
  private final IndexWriter indexWriter;
  private final SecureRandom random;
  private final int packSize;
  private final Set<ChunkId> claimed = ConcurrentHashMap.newKeySet();
  private final Map<BlobType, PackWriter> open = new EnumMap<>(BlobType.class);
  private final Map<BlobType, Object> locks = new EnumMap<>(BlobType.class);
  private final ExecutorService uploader;
  private final Semaphore uploadSlots;
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private final AtomicLong storedBytes = new AtomicLong();
  private final AtomicLong storedPacks = new AtomicLong();
  private final int uploads;
  private final PackBuffers buffers;

  /** Room beyond the target size, so the blob that fills a pack rarely needs a bigger buffer. */
  private static final int SLACK = 2 * 1024 * 1024;

  /** First size of a tree pack's buffer. */
  private static final int TREE_BUFFER = 1024 * 1024;

  /**
   * @param packSize target pack size in bytes
   * @param uploads how many packs may be uploading at once
   */
  public Packer(
      BlobStore store,
      MasterKey key,
      ChunkIndex index,
      IndexWriter indexWriter,
      SecureRandom random,
      int packSize,
      int uploads) {
    this.store = store;
    this.key = key;
    this.index = index;
    this.indexWriter = indexWriter;
    this.random = random;
    this.packSize = packSize;
    for (BlobType t : BlobType.values()) {
      locks.put(t, new Object());
    }
    this.uploads = uploads;
    this.buffers = new PackBuffers(packSize + SLACK, uploads + 1);
    this.uploadSlots = new Semaphore(uploads);
    this.uploader = Executors.newFixedThreadPool(uploads, DaemonThreads.named("holdfast-upload"));
  }

  /**
   * Claims {@code id} for storing.
   *
   * @return true when the caller must {@link #add} the blob; false when it is stored already or
   *     another caller claimed it
   */
  public boolean claim(ChunkId id) {
    throwIfFailed();
    if (index.contains(id) || !claimed.add(id)) {
      return false;
    }
    // An upload may have indexed the id between the two checks above (it adds to the index
    // before it drops the claim): then it is stored already.
    if (index.contains(id)) {
      claimed.remove(id);
      return false;
    }
    return true;
  }

  /**
   * Encrypts and packs a claimed blob; {@code framed} is an encoding byte plus payload. One pack
   * per blob type is open at a time (encryption under its lock is cheap next to compression, which
   * callers do before); a full pack is handed to the upload pool outside the lock, and the caller
   * waits only when every upload slot is busy.
   */
  public void add(BlobType type, ChunkId id, byte[] framed, int off, int len, int rawLength) {
    throwIfFailed();
    // Only backups that store data pay for warming the cipher up (an unchanged tree stores none).
    Warmup.start();
    PackWriter.FinishedPack full = null;
    synchronized (lockOf(type)) {
      PackWriter writer = open.get(type);
      if (writer == null) {
        writer = newWriter(type);
        open.put(type, writer);
      }
      writer.add(type, id, framed, off, len, rawLength);
      if (writer.isFull()) {
        full = writer.finish();
        open.remove(type);
      }
    }
    if (full != null) {
      upload(full);
    }
  }

  /** Stores every open pack and waits until all uploads and their index entries are done. */
  public void flush() {
    for (BlobType type : BlobType.values()) {
      PackWriter.FinishedPack last = null;
      synchronized (lockOf(type)) {
        PackWriter writer = open.remove(type);
        if (writer != null && !writer.isEmpty()) {
          last = writer.finish();
        }
      }
      if (last != null) {
        upload(last);
      }
    }
    uploadSlots.acquireUninterruptibly(uploads);
    uploadSlots.release(uploads);
    throwIfFailed();
    indexed(indexWriter.flush());
  }

  /**
   * Blobs named by a stored index file join the shared index, and only then leave the claimed set:
   * until then this packer's claims deduplicate them. Were they indexed as soon as their pack was
   * stored, a backup that fails before its index file is written would leave them in the shared
   * index, and a later backup in the same process would refer to blobs no index file names.
   */
  private void indexed(List<IndexFile.Entry> entries) {
    for (IndexFile.Entry e : entries) {
      index.add(e.id(), e.location());
      claimed.remove(e.id());
    }
  }

  /** Bytes of packs stored so far. */
  public long storedBytes() {
    return storedBytes.get();
  }

  /** Packs stored so far. */
  public long storedPacks() {
    return storedPacks.get();
  }

  private Object lockOf(BlobType type) {
    return locks.get(type);
  }

  private PackWriter newWriter(BlobType type) {
    // Data packs reuse full-size buffers; tree packs are mostly small and grow on demand.
    boolean pooled = type == BlobType.DATA;
    byte[] buffer = pooled ? buffers.take() : new byte[TREE_BUFFER];
    return new PackWriter(
        PackId.random(random), key.newPackCipher(random), packSize, buffer, pooled);
  }

  private void upload(PackWriter.FinishedPack pack) {
    uploadSlots.acquireUninterruptibly();
    try {
      uploader.execute(() -> store(pack));
    } catch (RuntimeException e) {
      uploadSlots.release();
      throw e;
    }
  }

  private void store(PackWriter.FinishedPack pack) {
    try {
      if (failure.get() != null) {
        return;
      }
      BlobName name = new BlobName(BlobKind.PACK, pack.id().toHex());
      store.putIfAbsent(name, pack.bytes(), 0, pack.length());
      indexed(indexWriter.packStored(pack.entries()));
      storedBytes.addAndGet(pack.length());
      storedPacks.incrementAndGet();
    } catch (HoldfastException e) {
      failure.compareAndSet(null, e);
    } catch (RuntimeException e) {
      failure.compareAndSet(
          null, new StorageUnavailable("storing pack " + pack.id() + " failed: " + e, false, e));
    } finally {
      if (pack.pooled()) {
        buffers.give(pack.bytes());
      }
      uploadSlots.release();
    }
  }

  /**
   * Throws the failure that stopped storing (a full disk, say), if any, so that callers stop
   * reading and hashing a source whose backup can no longer succeed.
   */
  public void throwIfFailed() {
    RuntimeException e = failure.get();
    if (e != null) {
      throw e;
    }
  }

  @Override
  public void close() {
    uploader.shutdown();
    try {
      uploader.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
