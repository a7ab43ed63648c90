package dev.holdfast.core.content;

import dev.holdfast.core.id.ChunkId;
import java.util.Optional;

/**
 * Finds where a blob is stored. The {@link ChunkIndex} is the usual one; prune looks through the
 * index and, when a new snapshot needs it, the packs it had condemned.
 */
@FunctionalInterface
public interface BlobLookup {
  /** Where the blob with this id is stored, or empty if unknown. */
  Optional<BlobLocation> get(ChunkId id);
}
