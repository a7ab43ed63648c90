package dev.holdfast.sast.posture;

import dev.holdfast.core.snapshot.Snapshot;
import java.util.List;
import java.util.Objects;

/**
 * The posture of one snapshot: the verdict of the application versions it recorded taken together
 * (vulnerable if any is, else unknown if any is or none was recorded, else clean), their open
 * findings added up, and a sentence saying why.
 */
public record SnapshotPosture(
    Snapshot snapshot,
    Verdict verdict,
    SeverityCounts open,
    List<VersionPosture> versions,
    String why) {
  public SnapshotPosture {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(open, "open");
    versions = List.copyOf(versions);
    Objects.requireNonNull(why, "why");
  }

  /** True when the snapshot was written while a vulnerable version ran: kept for forensics. */
  public boolean suspect() {
    return verdict == Verdict.VULNERABLE;
  }
}
