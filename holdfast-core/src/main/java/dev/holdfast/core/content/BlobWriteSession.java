package dev.holdfast.core.content;

import dev.holdfast.core.crypto.MasterKey;
import dev.holdfast.core.storage.BlobStore;
import java.security.SecureRandom;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One job's run of storing new blobs into a repository: the {@link Packer} and its {@link
 * IndexWriter}, and a {@link BlobSaver} for each thread that stores. Backup and copy both write
 * through it, so that deduplication, packing and the order of durability (packs, then index files,
 * then the caller's snapshot after {@link #flush()}) are the same for both. Thread-safe; it owns
 * the upload threads and the savers' native contexts and must be closed.
 */
public final class BlobWriteSession implements AutoCloseable {
  private final Packer packer;
  private final MasterKey key;
  private final int compressionLevel;
  private final Queue<BlobSaver> savers = new ConcurrentLinkedQueue<>();
  private final ThreadLocal<BlobSaver> saver;
  private volatile boolean saversInUse;

  /**
   * @param packSize target pack size in bytes
   * @param compressionLevel the repository's zstd level
   * @param uploads how many packs may be uploading at once
   * @param packsPerIndexFile packs named by one index file
   */
  public BlobWriteSession(
      BlobStore store,
      MasterKey key,
      ChunkIndex index,
      SecureRandom random,
      int packSize,
      int compressionLevel,
      int uploads,
      int packsPerIndexFile) {
    IndexWriter indexWriter = new IndexWriter(store, key.objectSealer(), random, packsPerIndexFile);
    this.packer = new Packer(store, key, index, indexWriter, random, packSize, uploads);
    this.key = key;
    this.compressionLevel = compressionLevel;
    this.saver =
        ThreadLocal.withInitial(
            () -> {
              BlobSaver s = new BlobSaver(this.key, this.packer, this.compressionLevel);
              savers.add(s);
              return s;
            });
  }

  /** The calling thread's saver (created on first use; it must not be handed to other threads). */
  public BlobSaver saver() {
    return saver.get();
  }

  /**
   * Stores every open pack and the index file naming them; once it returns, every blob saved so far
   * is durable and indexed, and a snapshot referring to them may be written.
   */
  public void flush() {
    packer.flush();
  }

  /** Bytes of packs stored so far. */
  public long storedBytes() {
    return packer.storedBytes();
  }

  /** Throws the failure that stopped storing, if any (see {@link Packer#throwIfFailed()}). */
  public void throwIfFailed() {
    packer.throwIfFailed();
  }

  /**
   * Called by an owner whose worker threads did not stop in time: the savers' native contexts are
   * then left to the collector's cleaner instead of being freed on {@link #close()}, since a stuck
   * thread may still be compressing with them.
   */
  public void leaveSaversToCleaner() {
    saversInUse = true;
  }

  /** Stops the upload threads and frees the savers; call it once no thread saves any more. */
  @Override
  public void close() {
    packer.close();
    if (!saversInUse) {
      for (BlobSaver s : savers) {
        s.close();
      }
    }
  }
}
