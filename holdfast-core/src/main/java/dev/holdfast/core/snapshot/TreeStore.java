package dev.holdfast.core.snapshot;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.content.BlobLocation;
import dev.holdfast.core.content.BlobLookup;
import dev.holdfast.core.content.BlobSaver;
import dev.holdfast.core.content.BlobType;
import dev.holdfast.core.content.PackReader;
import dev.holdfast.core.id.ChunkId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loads directory trees from packs (with a small cache: walks revisit parents often) and saves new
 * ones as deduplicated tree blobs. Thread-safe.
 */
public final class TreeStore {
  private static final int CACHE_ENTRIES = 2048;

  private final BlobLookup index;
  private final PackReader reader;
  private final Map<ChunkId, Tree> cache =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ChunkId, Tree> eldest) {
          return size() > CACHE_ENTRIES;
        }
      };

  public TreeStore(BlobLookup index, PackReader reader) {
    this.index = index;
    this.reader = reader;
  }

  /**
   * Loads tree {@code id}.
   *
   * @throws CorruptObject when the tree is missing from the index, fails authentication, or does
   *     not parse; the message names the tree
   */
  public Tree load(ChunkId id) {
    synchronized (cache) {
      Tree t = cache.get(id);
      if (t != null) {
        return t;
      }
    }
    BlobLocation at =
        index
            .get(id)
            .orElseThrow(() -> new CorruptObject("tree " + id + " is not in the index (missing)"));
    // No check of at.type(): ids are keyed hashes of the plaintext alone, so a tree whose JSON
    // equals a file's content (an empty folder's tree, say) deduplicates onto that data blob, and
    // reads back correctly: the type only selects the associated data it was encrypted with.
    Tree tree;
    try {
      tree = TreeCodec.decode(reader.readGrouped(id, at));
    } catch (NoSuchBlob e) {
      // A lost pack is damage like any other: callers report it (check) or work around it (a
      // backup without its parent tree), rather than stop on a storage error.
      throw new CorruptObject("tree " + id + " is in pack " + at.pack() + ", which is missing");
    } catch (IllegalArgumentException e) {
      throw new CorruptObject("tree " + id + " is malformed: " + e.getMessage());
    }
    synchronized (cache) {
      cache.put(id, tree);
    }
    return tree;
  }

  /** Saves {@code tree} through {@code saver} (deduplicated) and returns its id. */
  public static ChunkId save(Tree tree, BlobSaver saver) {
    byte[] bytes = TreeCodec.encode(tree);
    return saver.save(BlobType.TREE, bytes, 0, bytes.length).id();
  }
}
