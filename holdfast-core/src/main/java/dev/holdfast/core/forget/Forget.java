package dev.holdfast.core.forget;

import dev.holdfast.core.UsageError;
import dev.holdfast.core.id.SnapshotId;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.retention.Decision;
import dev.holdfast.core.retention.GroupKey;
import dev.holdfast.core.retention.PinRule;
import dev.holdfast.core.retention.RetentionPlanner;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.SnapshotStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Removes snapshot manifests by a retention policy or by id (restic's {@code forget}). Pinned
 * snapshots and manifests under storage object lock are kept and reported so. Each manifest is
 * removed by one atomic, idempotent delete, so an interrupted forget leaves a consistent repository
 * and running it again finishes the work. The data the removed snapshots alone used stays until
 * prune.
 */
public final class Forget {
  private final Repository repo;

  public Forget(Repository repo) {
    this.repo = repo;
  }

  /**
   * Decides for every snapshot concerned and, unless it is a dry run, removes what is not kept.
   *
   * @throws UsageError when neither a policy nor snapshots are given, or both are
   * @throws dev.holdfast.core.NotFound when a named snapshot does not exist
   */
  public ForgetResult run(ForgetRequest request) {
    SnapshotStore.Listing listing = repo.snapshots().list();
    Set<SnapshotId> pinned = repo.pins().pinnedIds();
    Instant now = repo.clock().instant();
    List<Snapshot> concerned;
    RetentionPlanner planner;
    if (!request.snapshots().isEmpty()) {
      if (!request.policy().isEmpty()) {
        throw new UsageError(
            "give either snapshots to forget or a --keep-* policy, not both (the policy would be"
                + " ignored)");
      }
      Set<Snapshot> named = new LinkedHashSet<>();
      for (String ref : request.snapshots()) {
        named.add(SnapshotStore.resolve(ref, request.selection(), listing.snapshots()));
      }
      concerned = List.copyOf(named);
      planner = new RetentionPlanner(List.of(new PinRule(pinned))).with(request.protections());
    } else {
      if (request.policy().isEmpty()) {
        throw new UsageError(
            "no policy given: name at least one --keep-* option, or the snapshots to forget"
                + " (an empty policy would keep everything)");
      }
      concerned = listing.snapshots().stream().filter(request.selection()).toList();
      planner = RetentionPlanner.of(request.policy(), pinned).with(request.protections());
    }
    List<ForgetResult.Group> groups = new ArrayList<>();
    for (Map.Entry<GroupKey, List<Snapshot>> g : request.groupBy().group(concerned).entrySet()) {
      List<Decision> decisions = new ArrayList<>();
      for (Decision d : planner.plan(g.getValue(), request.zone(), now)) {
        decisions.add(request.dryRun() ? protect(d, now) : carryOut(protect(d, now)));
      }
      groups.add(new ForgetResult.Group(g.getKey(), decisions));
    }
    return new ForgetResult(groups, listing.unreadable(), request.dryRun());
  }

  /** Keeps a snapshot that storage object lock protects from deletion now. */
  private Decision protect(Decision d, Instant now) {
    if (d.kept()) {
      return d;
    }
    Optional<Instant> until = repo.snapshots().retainedUntil(d.snapshot().id());
    if (until.isPresent() && until.get().isAfter(now)) {
      return d.keptFor("object lock until " + until.get());
    }
    return d;
  }

  /**
   * Removes the manifest of a snapshot to remove, unless it was pinned since the plan was made (the
   * pin is asked for again just before the delete).
   */
  private Decision carryOut(Decision d) {
    if (d.kept()) {
      return d;
    }
    SnapshotId id = d.snapshot().id();
    if (repo.pins().isPinned(id)) {
      return d.keptFor(PinRule.REASON);
    }
    repo.snapshots().delete(id);
    return d;
  }
}
