package dev.holdfast.core.prune;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a prune found and did. Bytes are stored (compressed, encrypted) bytes.
 *
 * @param snapshots snapshots whose data was kept
 * @param packs packs in the repository before the prune
 * @param packBytes their bytes
 * @param unusedPacks wholly unused packs (and packs no index lists) condemned
 * @param unusedBytes their bytes
 * @param repackedPacks sparse or small packs whose used blobs were copied, then condemned
 * @param repackedBytes their bytes
 * @param blobsCopied blobs copied into new packs
 * @param indexFilesBefore index files read
 * @param indexFilesAfter index files written in their place
 * @param packsDeleted packs actually deleted by this run (its own condemned ones when nothing else
 *     runs, and those of earlier prunes whose waits are over)
 * @param bytesFreed their bytes
 * @param packsRescued condemned packs spared because a concurrent backup turned out to use them
 * @param packsKeptByObjectLock condemned packs that object lock still protects (a later prune
 *     deletes them)
 * @param keptUntil when the last of those becomes deletable
 * @param waitingFor holders of locks that a deletion still waits for (a later prune completes it)
 * @param staleLocks locks found stale and therefore ignored (their holders crashed or were cut
 *     off); {@code holdfast unlock} removes them
 * @param dryRun whether this was only a plan
 */
public record PruneResult(
    int snapshots,
    long packs,
    long packBytes,
    long unusedPacks,
    long unusedBytes,
    long repackedPacks,
    long repackedBytes,
    long blobsCopied,
    int indexFilesBefore,
    int indexFilesAfter,
    long packsDeleted,
    long bytesFreed,
    long packsRescued,
    long packsKeptByObjectLock,
    Optional<Instant> keptUntil,
    List<String> waitingFor,
    List<String> staleLocks,
    boolean dryRun) {

  public PruneResult {
    waitingFor = List.copyOf(waitingFor);
    staleLocks = List.copyOf(staleLocks);
  }
}
