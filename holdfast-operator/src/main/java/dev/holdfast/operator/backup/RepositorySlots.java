package dev.holdfast.operator.backup;

import dev.holdfast.operator.api.Backup;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Bounds how many backups run against one repository at once. The count is the Backups the
 * informer's cache shows Running or past their admission (pre hooks begun, a CSI snapshot being
 * cut), together with those this operator admitted but whose progress the cache does not show yet:
 * the cache lags behind the operator's own writes, and counting only it would let a burst through.
 * One operator runs at a time (leader election), so this in-memory part is the whole truth after
 * the cache.
 */
final class RepositorySlots {
  private final Map<String, Set<String>> admitted = new HashMap<>();

  /**
   * Admits Backup {@code uid} to repository {@code repository} if fewer than {@code max} others
   * hold a slot.
   *
   * @param known every Backup of the repository as the cache has them, this one included
   */
  synchronized boolean admit(String repository, String uid, Collection<Backup> known, int max) {
    Set<String> mine = admitted.computeIfAbsent(repository, k -> new HashSet<>());
    Set<String> pendingInCache = new HashSet<>();
    Set<String> holding = new HashSet<>();
    for (Backup b : known) {
      String id = b.getMetadata().getUid();
      if (BackupPhase.RUNNING.is(b) || (BackupPhase.PENDING.is(b) && pastAdmission(b))) {
        holding.add(id);
      } else if (BackupPhase.PENDING.is(b)) {
        pendingInCache.add(id);
      }
    }
    // Once the cache shows an admitted Backup past Pending (or no longer at all), it counts there.
    mine.retainAll(pendingInCache);
    holding.addAll(mine);
    holding.remove(uid);
    if (holding.size() >= max) {
      return false;
    }
    mine.add(uid);
    return true;
  }

  /** A Pending Backup whose pre hooks began holds its slot (e.g. while its CSI snapshot is cut). */
  private static boolean pastAdmission(Backup b) {
    return BackupStart.has(b, BackupConditions.PRE_HOOKS_STARTED)
        || BackupStart.has(b, BackupConditions.PRE_HOOKS_SUCCEEDED);
  }

  /** Gives back the slot of {@code uid}, which ended before it ran. */
  synchronized void release(String repository, String uid) {
    Set<String> mine = admitted.get(repository);
    if (mine != null) {
      mine.remove(uid);
    }
  }
}
