package dev.holdfast.core.forget;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.retention.Decision;
import dev.holdfast.core.retention.GroupKey;
import java.util.List;

/**
 * What forget decided for every snapshot it looked at, group by group, and what it removed (with
 * {@code dryRun}, what it would have removed).
 *
 * @param unreadable snapshot manifests that could not be read (never removed, reported)
 */
public record ForgetResult(List<Group> groups, List<CorruptObject> unreadable, boolean dryRun) {

  /** The decisions for one group, newest snapshot first. */
  public record Group(GroupKey key, List<Decision> decisions) {
    public Group {
      decisions = List.copyOf(decisions);
    }
  }

  public ForgetResult {
    groups = List.copyOf(groups);
    unreadable = List.copyOf(unreadable);
  }

  /** Snapshots kept. */
  public long kept() {
    return groups.stream().flatMap(g -> g.decisions().stream()).filter(Decision::kept).count();
  }

  /** Snapshots removed (or, in a dry run, that would be). */
  public long removed() {
    return groups.stream().flatMap(g -> g.decisions().stream()).filter(d -> !d.kept()).count();
  }
}
