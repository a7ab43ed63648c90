package dev.holdfast.core.prune;

import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.content.IndexFile;
import dev.holdfast.core.id.IndexId;
import dev.holdfast.core.id.PackId;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces the index files prune read with new ones that leave out the condemned packs. Streams:
 * one old file is in memory at a time, and a new file is written whenever enough entries are
 * pending. Every new file names all the old ones as superseded, so a reader ignores the old ones
 * even when prune dies, or object lock refuses, before they are deleted.
 */
final class IndexRewriter {
  /** Entries per new index file: about 20 MiB, well under the reader's 64 MiB limit. */
  static final int ENTRIES_PER_FILE = 400_000;

  private final Repository repo;
  private int filesWritten;
  private int filesDeleted;
  private int filesKeptByObjectLock;

  IndexRewriter(Repository repo) {
    this.repo = repo;
  }

  /**
   * Writes the new index files, then deletes the old ones.
   *
   * @param old the index files read, whose entries are carried over
   * @param stillSuperseded older files that {@code old} superseded and that may still exist
   * @param dropped packs whose entries are left out
   */
  void rewrite(List<IndexId> old, Set<IndexId> stillSuperseded, Set<PackId> dropped) {
    if (old.isEmpty()) {
      return;
    }
    Set<IndexId> supersedes = new HashSet<>(old);
    Set<IndexId> existing = new HashSet<>();
    for (BlobInfo info : repo.store().list(BlobKind.INDEX)) {
      existing.add(IndexId.fromHex(info.name().name()));
    }
    for (IndexId id : stillSuperseded) {
      if (existing.contains(id)) {
        supersedes.add(id);
      }
    }
    List<IndexFile.Entry> pending = new ArrayList<>();
    for (IndexId file : old) {
      for (IndexFile.Entry e : repo.readIndexFile(file).entries()) {
        if (!dropped.contains(e.location().pack())) {
          pending.add(e);
        }
      }
      while (pending.size() >= ENTRIES_PER_FILE) {
        List<IndexFile.Entry> batch = new ArrayList<>(pending.subList(0, ENTRIES_PER_FILE));
        pending.subList(0, ENTRIES_PER_FILE).clear();
        write(supersedes, batch);
      }
    }
    if (!pending.isEmpty() || filesWritten == 0) {
      write(supersedes, pending); // an empty file still supersedes the old ones
    }
    for (IndexId id : supersedes) {
      BlobName name = new BlobName(BlobKind.INDEX, id.toHex());
      try {
        repo.store().delete(name);
        filesDeleted++;
      } catch (StorageUnavailable e) {
        if (!e.permanent() || repo.store().retainedUntil(name).isEmpty()) {
          throw e;
        }
        filesKeptByObjectLock++; // superseded, so ignored; a later prune deletes it
      }
    }
  }

  int filesWritten() {
    return filesWritten;
  }

  int filesDeleted() {
    return filesDeleted;
  }

  int filesKeptByObjectLock() {
    return filesKeptByObjectLock;
  }

  private void write(Set<IndexId> supersedes, List<IndexFile.Entry> entries) {
    IndexId id = IndexId.random(repo.random());
    BlobName name = new BlobName(BlobKind.INDEX, id.toHex());
    byte[] plain = new IndexFile(List.copyOf(supersedes), entries).encode();
    repo.store().putIfAbsent(name, repo.key().objectSealer().seal(name.path(), plain));
    filesWritten++;
  }
}
