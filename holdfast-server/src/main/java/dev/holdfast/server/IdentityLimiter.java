package dev.holdfast.server;

import dev.holdfast.server.access.ClientIdentity;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the requests each identity has in progress and refuses one beyond the limit, so that one
 * busy or misbehaving client cannot take every slot of the server. Thread-safe; an identity with
 * nothing in progress takes no memory.
 */
final class IdentityLimiter {
  private final int limit;
  private final Map<ClientIdentity, Integer> inProgress = new ConcurrentHashMap<>();

  IdentityLimiter(int limit) {
    this.limit = limit;
  }

  /** Counts one more request of {@code identity}; false (and nothing counted) at the limit. */
  boolean tryEnter(ClientIdentity identity) {
    boolean[] entered = {false};
    inProgress.compute(
        identity,
        (id, count) -> {
          int now = count == null ? 0 : count;
          if (now >= limit) {
            return count;
          }
          entered[0] = true;
          return now + 1;
        });
    return entered[0];
  }

  /** Counts one request of {@code identity} as finished. */
  void exit(ClientIdentity identity) {
    inProgress.computeIfPresent(identity, (id, count) -> count <= 1 ? null : count - 1);
  }
}
