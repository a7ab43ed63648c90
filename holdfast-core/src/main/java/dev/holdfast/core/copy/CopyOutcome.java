package dev.holdfast.core.copy;

import dev.holdfast.core.snapshot.Snapshot;
import java.util.Optional;

/**
 * What copy did with one source snapshot.
 *
 * @param source the snapshot in the source repository
 * @param destination its copy in the destination: written now, or found from an earlier copy
 * @param chunksRead chunks read from the source (the others were translated without reading)
 * @param bytesRead stored (compressed, encrypted) bytes of those chunks
 * @param bytesStored bytes of new packs written into the destination
 * @param problem why the snapshot could not be copied (status {@link Status#FAILED})
 */
public record CopyOutcome(
    Snapshot source,
    Status status,
    Optional<Snapshot> destination,
    long chunksRead,
    long bytesRead,
    long bytesStored,
    Optional<String> problem) {

  /** What happened to a snapshot. */
  public enum Status {
    /** Copied now. */
    COPIED,
    /** A copy was in the destination already; nothing was read or written. */
    ALREADY_COPIED,
    /** Not copied: the source's data is damaged; nothing of it was committed. */
    FAILED
  }

  static CopyOutcome copied(Snapshot source, Snapshot copy, long chunks, long read, long stored) {
    return new CopyOutcome(
        source, Status.COPIED, Optional.of(copy), chunks, read, stored, Optional.empty());
  }

  static CopyOutcome alreadyCopied(Snapshot source, Snapshot copy) {
    return new CopyOutcome(
        source, Status.ALREADY_COPIED, Optional.of(copy), 0, 0, 0, Optional.empty());
  }

  static CopyOutcome failed(Snapshot source, String problem, long chunks, long read, long stored) {
    return new CopyOutcome(
        source, Status.FAILED, Optional.empty(), chunks, read, stored, Optional.of(problem));
  }
}
