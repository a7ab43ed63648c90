package dev.holdfast.core.browse;

/**
 * One difference between two snapshots.
 *
 * @param kind what changed
 * @param path slash-separated path, starting with '/'
 * @param sizeBefore size in the first snapshot (0 when absent or not a file)
 * @param sizeAfter size in the second snapshot
 */
public record Change(Kind kind, String path, long sizeBefore, long sizeAfter) {
  /** The kinds of difference, with the one-letter marks that diff prints. */
  public enum Kind {
    ADDED("+"),
    REMOVED("-"),
    MODIFIED("M"),
    METADATA("U"),
    TYPE_CHANGED("T");

    private final String mark;

    Kind(String mark) {
      this.mark = mark;
    }

    public String mark() {
      return mark;
    }
  }
}
