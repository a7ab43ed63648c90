package dev.holdfast.core.prune;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.concurrent.DaemonThreads;
import dev.holdfast.core.content.ChunkIndex;
import dev.holdfast.core.content.IndexFile;
import dev.holdfast.core.content.IndexWriter;
import dev.holdfast.core.content.PackReader;
import dev.holdfast.core.content.Packer;
import dev.holdfast.core.id.PackId;
import dev.holdfast.core.repository.Repository;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies the used blobs of sparse packs into new packs. Blobs are decrypted and re-encrypted (each
 * pack has its own key) but not decompressed. The copies are stored and indexed by index files of
 * their own before prune drops the old packs from the index, so every used blob stays reachable at
 * every moment.
 */
final class Repacker {
  private static final int PACKS_PER_INDEX_FILE = 16;
  private static final int THREADS = 2;

  private final Repository repo;
  private final ChunkIndex index;
  private final Marker marker;
  private final AtomicLong blobsCopied = new AtomicLong();
  private final AtomicLong bytesRead = new AtomicLong();

  Repacker(Repository repo, ChunkIndex index, Marker marker) {
    this.repo = repo;
    this.index = index;
    this.marker = marker;
  }

  /** Copies the used blobs of {@code packs}; returns once the copies are stored and indexed. */
  void repack(Collection<PackId> packs) {
    if (packs.isEmpty()) {
      return;
    }
    PackReader reader = repo.packs();
    IndexWriter indexWriter =
        new IndexWriter(
            repo.store(), repo.key().objectSealer(), repo.random(), PACKS_PER_INDEX_FILE);
    try (Packer packer =
        new Packer(
            repo.store(),
            repo.key(),
            new ChunkIndex(), // the copies must be stored although the index knows the blobs
            indexWriter,
            repo.random(),
            repo.config().packSize(),
            THREADS)) {
      // Packs are read and re-encrypted by a few threads at once (the packer is thread-safe);
      // each holds one whole pack in memory while it works on it.
      ExecutorService pool =
          Executors.newFixedThreadPool(THREADS, DaemonThreads.named("holdfast-repack"));
      try {
        List<Future<?>> work = new ArrayList<>();
        for (PackId pack : packs) {
          work.add(pool.submit(() -> copyUsedBlobs(pack, reader, packer)));
        }
        for (Future<?> f : work) {
          await(f);
        }
      } finally {
        pool.shutdownNow();
      }
      packer.flush();
    }
  }

  long blobsCopied() {
    return blobsCopied.get();
  }

  long bytesRead() {
    return bytesRead.get();
  }

  private static void await(Future<?> f) {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while repacking", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("repacking failed: " + e.getCause(), e.getCause());
    }
  }

  private void copyUsedBlobs(PackId pack, PackReader reader, Packer packer) {
    byte[] whole;
    try {
      whole = repo.store().get(PackReader.packName(pack));
    } catch (NoSuchBlob e) {
      throw new CorruptObject("pack " + pack + " is missing; prune cannot repack it");
    }
    bytesRead.addAndGet(whole.length);
    for (IndexFile.Entry e : reader.readTrailer(pack, whole.length)) {
      boolean used = marker.isMarked(e.id()) && Optional.of(e.location()).equals(index.get(e.id()));
      if (!used || !packer.claim(e.id())) {
        continue;
      }
      byte[] framed = reader.openFramed(e.id(), e.location(), whole, e.location().offset());
      packer.add(e.location().type(), e.id(), framed, 0, framed.length, e.location().rawLength());
      blobsCopied.incrementAndGet();
    }
  }
}
