package dev.holdfast.core.snapshot;

import dev.holdfast.core.cache.SealedCacheFile;
import dev.holdfast.core.crypto.ObjectSealer;
import dev.holdfast.core.id.SnapshotId;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A local cache of one repository's decoded snapshot manifests, in one file sealed with the
 * repository's cache subkey (docs/FORMAT.md, "Snapshot cache"), so that listing a large repository
 * reads one local file and only the manifests written since. It is never trusted: a missing,
 * damaged, foreign or other-version file reads as empty and is rewritten, and the storage listing
 * decides which snapshots exist (docs/DESIGN.md, "Snapshot cache"). Failures to read or write it
 * are warnings, never errors. Safe for many threads and processes: a write replaces the file
 * atomically.
 */
public final class SnapshotCache {
  /** The file's name inside the repository's cache folder. */
  static final String FILE_NAME = "snapshots";

  /** One cached manifest: the snapshot and the size of its sealed blob in storage. */
  record Entry(Snapshot snapshot, long sealedSize) {
    Entry {
      Objects.requireNonNull(snapshot, "snapshot");
    }
  }

  private final SealedCacheFile file;

  /**
   * The cache of the repository {@code repositoryId} under {@code root} (the folder {@code
   * <root>/<repositoryId>}), sealed with {@code sealer} (the repository's {@link
   * dev.holdfast.core.crypto.MasterKey#cacheSealer()}); nothing is read or written yet.
   *
   * @param warnings told, in one line, when the cache cannot be read or written, or is damaged
   * @throws IllegalArgumentException when {@code repositoryId} is not lower-case hex, so that it
   *     cannot name a folder safely
   */
  public SnapshotCache(
      Path root, String repositoryId, ObjectSealer sealer, Consumer<String> warnings) {
    this.file =
        new SealedCacheFile(
            root,
            repositoryId,
            FILE_NAME,
            "snapshot cache",
            "HFSC",
            SnapshotCacheCodec.VERSION,
            sealer,
            warnings);
  }

  /**
   * The cached entries by snapshot id; empty when there is no cache yet, or when it cannot be used
   * (then a warning says why, except for a cache of another format version, which is expected after
   * an upgrade).
   */
  Map<SnapshotId, Entry> read() {
    Optional<byte[]> plain = file.read();
    if (plain.isEmpty()) {
      return Map.of();
    }
    try {
      Map<SnapshotId, Entry> entries = new HashMap<>();
      for (Entry e : SnapshotCacheCodec.decode(plain.get())) {
        entries.put(e.snapshot().id(), e);
      }
      return entries;
    } catch (IllegalArgumentException e) {
      file.ignored(e.getMessage());
      return Map.of();
    }
  }

  /**
   * Replaces the cache with {@code entries}: a new file in the same folder, renamed over the old
   * one so that readers see the old or the new cache, never a part. The folders are made readable
   * by this user only (0700), the file too (0600).
   */
  void write(Collection<Entry> entries) {
    file.write(SnapshotCacheCodec.encode(entries), entries.size() + " snapshots");
  }
}
