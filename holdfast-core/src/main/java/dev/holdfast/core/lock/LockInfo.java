package dev.holdfast.core.lock;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one lock object says: a stable id (the object's name changes with each heartbeat, the id
 * does not), the mode, what it is for, who holds it, when it was taken and last refreshed.
 */
public record LockInfo(
    String id, LockMode mode, String purpose, LockOwner owner, Instant created, Instant refreshed) {
  private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

  public LockInfo {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(refreshed, "refreshed");
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("lock id must be 32 lower-case hex digits");
    }
    purpose = purpose == null ? "" : purpose;
  }

  /** The same lock, refreshed at {@code now}. */
  public LockInfo refreshedAt(Instant now) {
    return new LockInfo(id, mode, purpose, owner, created, now);
  }

  /** For messages: "prune by alice on host db1 (pid 4242), since 2026-11-25T09:00:00Z". */
  public String describe() {
    return purpose
        + " by "
        + (owner.username().isEmpty() ? "?" : owner.username())
        + " on host "
        + (owner.host().isEmpty() ? "?" : owner.host())
        + " (pid "
        + owner.pid()
        + "), since "
        + created;
  }
}
