package dev.holdfast.core.prune;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.content.ChunkIndex;
import dev.holdfast.core.content.IndexFile;
import dev.holdfast.core.content.IndexWriter;
import dev.holdfast.core.content.PackReader;
import dev.holdfast.core.content.Packer;
import dev.holdfast.core.id.PackId;
import dev.holdfast.core.repository.Repository;
import java.util.Collection;
import java.util.Optional;

/**
 * Copies the used blobs of sparse packs into new packs. Blobs are decrypted and re-encrypted (each
 * pack has its own key) but not decompressed. The copies are stored and indexed by index files of
 * their own before prune drops the old packs from the index, so every used blob stays reachable at
 * every moment.
 */
final class Repacker {
  private static final int PACKS_PER_INDEX_FILE = 16;

  private final Repository repo;
  private final ChunkIndex index;
  private final Marker marker;
  private long blobsCopied;
  private long bytesRead;

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
            1)) {
      for (PackId pack : packs) {
        copyUsedBlobs(pack, reader, packer);
      }
      packer.flush();
    }
  }

  long blobsCopied() {
    return blobsCopied;
  }

  long bytesRead() {
    return bytesRead;
  }

  private void copyUsedBlobs(PackId pack, PackReader reader, Packer packer) {
    byte[] whole;
    try {
      whole = repo.store().get(PackReader.packName(pack));
    } catch (NoSuchBlob e) {
      throw new CorruptObject("pack " + pack + " is missing; prune cannot repack it");
    }
    bytesRead += whole.length;
    for (IndexFile.Entry e : reader.readTrailer(pack, whole.length)) {
      boolean used = marker.isMarked(e.id()) && Optional.of(e.location()).equals(index.get(e.id()));
      if (!used || !packer.claim(e.id())) {
        continue;
      }
      byte[] framed = reader.openFramed(e.id(), e.location(), whole, e.location().offset());
      packer.add(e.location().type(), e.id(), framed, 0, framed.length, e.location().rawLength());
      blobsCopied++;
    }
  }
}
