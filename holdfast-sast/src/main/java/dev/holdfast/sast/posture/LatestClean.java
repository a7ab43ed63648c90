package dev.holdfast.sast.posture;

import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.SnapshotStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Picks the newest snapshot whose verdict is clean, and says why each newer one was passed over:
 * what {@code restore --latest-clean} restores.
 *
 * @param chosen the newest clean snapshot, if there is one
 * @param skipped every newer snapshot (all of them when none is clean), newest first, with its
 *     posture
 */
public record LatestClean(Optional<SnapshotPosture> chosen, List<SnapshotPosture> skipped) {
  public LatestClean {
    skipped = List.copyOf(skipped);
  }

  /** The choice among {@code candidates} (any order) under {@code judge}. */
  public static LatestClean among(Collection<Snapshot> candidates, PostureJudge judge) {
    List<Snapshot> newestFirst = new ArrayList<>(candidates);
    newestFirst.sort(SnapshotStore.CHRONOLOGICAL.reversed());
    List<SnapshotPosture> skipped = new ArrayList<>();
    for (Snapshot s : newestFirst) {
      SnapshotPosture p = judge.of(s);
      if (p.verdict() == Verdict.CLEAN) {
        return new LatestClean(Optional.of(p), skipped);
      }
      skipped.add(p);
    }
    return new LatestClean(Optional.empty(), skipped);
  }
}
