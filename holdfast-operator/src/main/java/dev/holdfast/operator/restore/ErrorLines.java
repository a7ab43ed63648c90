package dev.holdfast.operator.restore;

import java.util.ArrayList;
import java.util.List;

/**
 * The errors a Restore's status lists, capped: a restore with a million unreadable files must not
 * make its status larger than the API server accepts.
 */
public final class ErrorLines {
  /** How many errors a status lists before it says how many more there were. */
  public static final int MAX = 20;

  private ErrorLines() {}

  /** {@code errors}, the first {@link #MAX} of them and a line counting the rest. */
  public static List<String> capped(List<String> errors) {
    if (errors.size() <= MAX) {
      return List.copyOf(errors);
    }
    List<String> kept = new ArrayList<>(errors.subList(0, MAX));
    kept.add("... and " + (errors.size() - MAX) + " more");
    return List.copyOf(kept);
  }
}
