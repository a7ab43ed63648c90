package dev.holdfast.operator.consistency;

import java.util.Locale;

/** How a backup gets a consistent view of a volume (BackupPolicySpec.consistency). */
public enum ConsistencyMode {
  /** A CSI snapshot when the claim's driver has a VolumeSnapshotClass, else the live filesystem. */
  AUTO,
  /** A CSI snapshot, or fail when there is no VolumeSnapshotClass for the claim's driver. */
  SNAPSHOT,
  /** The live filesystem, through the application's own pods, made consistent by hooks. */
  LIVE;

  /** The mode a spec names ({@code auto} when absent). */
  public static ConsistencyMode of(String text) {
    return text == null ? AUTO : valueOf(text.toUpperCase(Locale.ROOT));
  }
}
