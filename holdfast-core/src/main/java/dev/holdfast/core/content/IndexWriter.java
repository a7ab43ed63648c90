package dev.holdfast.core.content;

import dev.holdfast.core.crypto.ObjectSealer;
import dev.holdfast.core.id.IndexId;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the entries of uploaded packs into sealed index files, a file every few packs, so that a
 * crash loses at most the last few packs' worth of index (and those packs still describe themselves
 * in their trailers). It returns the entries each index file made durable: only those may enter the
 * shared {@link ChunkIndex}, which later backups deduplicate against. Thread-safe.
 */
public final class IndexWriter {
  private final BlobStore store;
  private final ObjectSealer sealer;
  private final SecureRandom random;
  private final int packsPerFile;
  private final List<IndexFile.Entry> pending = new ArrayList<>();
  private final List<IndexId> written = new ArrayList<>();
  private int pendingPacks;

  public IndexWriter(BlobStore store, ObjectSealer sealer, SecureRandom random, int packsPerFile) {
    this.store = store;
    this.sealer = sealer;
    this.random = random;
    this.packsPerFile = packsPerFile;
  }

  /**
   * Records the blobs of one stored pack; writes an index file when enough packs are pending.
   *
   * @return the entries now named by a stored index file (empty when none was written)
   */
  public List<IndexFile.Entry> packStored(List<IndexFile.Entry> entries) {
    List<IndexFile.Entry> batch = null;
    synchronized (this) {
      pending.addAll(entries);
      if (++pendingPacks >= packsPerFile) {
        batch = takePending();
      }
    }
    if (batch == null) {
      return List.of();
    }
    write(batch);
    return batch;
  }

  /**
   * Writes whatever is pending.
   *
   * @return the entries the index file written names (empty when nothing was pending)
   */
  public List<IndexFile.Entry> flush() {
    List<IndexFile.Entry> batch;
    synchronized (this) {
      batch = takePending();
    }
    if (!batch.isEmpty()) {
      write(batch);
    }
    return batch;
  }

  /** Ids of the index files this writer stored. */
  public synchronized List<IndexId> written() {
    return List.copyOf(written);
  }

  private List<IndexFile.Entry> takePending() {
    List<IndexFile.Entry> batch = new ArrayList<>(pending);
    pending.clear();
    pendingPacks = 0;
    return batch;
  }

  private void write(List<IndexFile.Entry> batch) {
    IndexId id = IndexId.random(random);
    BlobName name = new BlobName(BlobKind.INDEX, id.toHex());
    byte[] sealed = sealer.seal(name.path(), new IndexFile(List.of(), batch).encode());
    store.putIfAbsent(name, sealed);
    synchronized (this) {
      written.add(id);
    }
  }
}
