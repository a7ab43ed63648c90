package dev.holdfast.core.content;

import java.util.List;
import java.util.function.Function;

/**
 * How blobs wanted from one pack are grouped into byte ranges that are read at once: neighbours no
 * further apart than a gap are read through together, up to a largest range. One request for many
 * blobs is what makes reading from object storage affordable (restore and copy both read this way).
 */
public final class PackRanges {
  /** Largest byte range read from a pack into memory at once. */
  public static final int MAX_RANGE = 4 * 1024 * 1024;

  /** Gap between wanted blobs that is still read through rather than split. */
  public static final int MAX_GAP = 1024 * 1024;

  private PackRanges() {}

  /**
   * The end (exclusive) of the run of {@code sorted} from {@code from} that one read covers:
   * neighbours no further apart than {@link #MAX_GAP} bytes, spanning at most {@code maxRange}
   * bytes (a single blob larger than that is a range of its own).
   *
   * @param sorted things wanted from one pack, sorted by their blob's offset
   * @param at where each one's blob is
   */
  public static <T> int rangeEnd(
      List<T> sorted, int from, Function<T, BlobLocation> at, int maxRange) {
    BlobLocation first = at.apply(sorted.get(from));
    long start = first.offset();
    long end = start + first.length();
    int j = from + 1;
    while (j < sorted.size()) {
      BlobLocation next = at.apply(sorted.get(j));
      long nextEnd = Math.max(end, (long) next.offset() + next.length());
      if (next.offset() - end > MAX_GAP || nextEnd - start > maxRange) {
        break;
      }
      end = nextEnd;
      j++;
    }
    return j;
  }

  /** Where the last of the blobs of {@code items} ends. */
  public static <T> int end(List<T> items, Function<T, BlobLocation> at) {
    long end = 0;
    for (T item : items) {
      BlobLocation l = at.apply(item);
      end = Math.max(end, (long) l.offset() + l.length());
    }
    return (int) Math.min(Integer.MAX_VALUE, end);
  }
}
