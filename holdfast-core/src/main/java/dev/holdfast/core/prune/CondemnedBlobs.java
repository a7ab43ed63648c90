package dev.holdfast.core.prune;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.content.BlobLocation;
import dev.holdfast.core.content.IndexFile;
import dev.holdfast.core.content.PackReader;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.IndexId;
import dev.holdfast.core.id.PackId;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The blobs of packs that a prune condemned (no index lists them any more), read from the packs'
 * own trailers on first need, and the way back: {@link #rescue} indexes a pack again, for a
 * snapshot that turned out to need it. Thread-safe.
 */
final class CondemnedBlobs {
  private final Repository repo;
  private final Set<PackId> packs;
  private Map<ChunkId, BlobLocation> blobs;
  private final Map<PackId, List<IndexFile.Entry>> byPack = new HashMap<>();

  CondemnedBlobs(Repository repo, Set<PackId> packs) {
    this.repo = repo;
    this.packs = Set.copyOf(packs);
  }

  /** Where a condemned pack holds {@code id}, if one does. */
  synchronized Optional<BlobLocation> get(ChunkId id) {
    if (blobs == null) {
      load();
    }
    return Optional.ofNullable(blobs.get(id));
  }

  /** Writes an index file listing every blob of {@code pack}, so that it is live again. */
  synchronized void rescue(PackId pack) {
    if (blobs == null) {
      load();
    }
    List<IndexFile.Entry> entries = byPack.getOrDefault(pack, List.of());
    IndexId id = IndexId.random(repo.random());
    BlobName name = new BlobName(BlobKind.INDEX, id.toHex());
    byte[] plain = new IndexFile(List.of(), entries).encode();
    repo.store().putIfAbsent(name, repo.key().objectSealer().seal(name.path(), plain));
  }

  private void load() {
    blobs = new HashMap<>();
    for (PackId pack : packs) {
      BlobName name = PackReader.packName(pack);
      try {
        Optional<BlobInfo> info = repo.store().stat(name);
        if (info.isEmpty()) {
          continue;
        }
        List<IndexFile.Entry> entries = repo.packs().readTrailer(pack, info.get().size());
        byPack.put(pack, entries);
        for (IndexFile.Entry e : entries) {
          blobs.putIfAbsent(e.id(), e.location());
        }
      } catch (CorruptObject | NoSuchBlob e) {
        // a damaged or vanished condemned pack cannot rescue anything
      }
    }
  }
}
