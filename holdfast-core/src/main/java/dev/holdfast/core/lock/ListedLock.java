package dev.holdfast.core.lock;

import dev.holdfast.core.storage.BlobName;
import java.time.Instant;
import java.util.Optional;

/**
 * One lock object found in the repository: its name, its contents when they could be read, and when
 * the storage says it was written.
 *
 * @param info empty when the object does not decrypt or parse (a damaged lock is reported and
 *     judged by its storage time alone)
 * @param stale whether it no longer protects anything: its holder died on this host, or it was not
 *     refreshed within the stale time by either the holder's clock or the storage's
 */
public record ListedLock(
    BlobName name, Optional<LockInfo> info, Optional<Instant> storedAt, boolean stale) {

  /** The lock's stable id, if it could be read. */
  public Optional<String> id() {
    return info.map(LockInfo::id);
  }

  /** For messages. */
  public String describe() {
    return info.map(LockInfo::describe).orElse("unreadable lock " + name.name());
  }
}
