package dev.holdfast.core.prune;

/**
 * How a prune decides.
 *
 * @param repackBelow a pack of which less than this share (0 to 1) of the stored bytes is in use is
 *     repacked: its used blobs are copied into new packs and it is deleted. 0 repacks nothing (only
 *     wholly unused packs go), 1 repacks every pack with any unused blob
 * @param repackSmall also repack packs smaller than a quarter of the target pack size (the small
 *     packs that every backup's last flush leaves), when there are at least two of them
 * @param dryRun only plan: report what would happen, change nothing
 */
public record PruneOptions(double repackBelow, boolean repackSmall, boolean dryRun) {
  /** Repack packs less than 80% used, and small packs; not a dry run. */
  public static final PruneOptions DEFAULT = new PruneOptions(0.8, true, false);

  public PruneOptions {
    if (!(repackBelow >= 0 && repackBelow <= 1)) {
      throw new IllegalArgumentException("repack threshold must be between 0 and 1");
    }
  }

  /** The same options as a dry run. */
  public PruneOptions asDryRun() {
    return new PruneOptions(repackBelow, repackSmall, true);
  }
}
