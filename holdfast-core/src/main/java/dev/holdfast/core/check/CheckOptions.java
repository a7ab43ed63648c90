package dev.holdfast.core.check;

/**
 * How deep a check goes.
 *
 * @param readData read and authenticate every blob of the packs checked, and re-hash it
 * @param subsetPercent with readData: the share of packs to read (0 &lt; p &lt;= 100)
 * @param seed chooses the subset, so a failing subset can be checked again
 */
public record CheckOptions(boolean readData, double subsetPercent, long seed) {
  public CheckOptions {
    if (!(subsetPercent > 0 && subsetPercent <= 100)) {
      throw new IllegalArgumentException("subset must be more than 0% and at most 100%");
    }
  }

  /** Structure only: index, packs present, snapshots and trees readable, chunks indexed. */
  public static CheckOptions structure() {
    return new CheckOptions(false, 100, 0);
  }

  /** Structure and every byte of every pack. */
  public static CheckOptions allData() {
    return new CheckOptions(true, 100, 0);
  }
}
