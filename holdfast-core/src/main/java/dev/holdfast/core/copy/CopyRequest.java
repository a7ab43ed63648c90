package dev.holdfast.core.copy;

import dev.holdfast.core.id.SnapshotId;
import java.util.List;

/**
 * Which snapshots of the source repository to copy. They are copied oldest first, whatever the
 * order given, so that each can build on the copy of the one before it.
 */
public record CopyRequest(List<SnapshotId> snapshots) {
  public CopyRequest {
    snapshots = List.copyOf(snapshots);
  }
}
