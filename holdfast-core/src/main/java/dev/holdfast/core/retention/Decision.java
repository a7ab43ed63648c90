package dev.holdfast.core.retention;

import dev.holdfast.core.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * What retention decided for one snapshot: keep it, with every reason that keeps it ("daily
 * snapshot", "within 7d", "pinned"…), or remove it (no reasons).
 */
public record Decision(Snapshot snapshot, Verdict verdict, List<String> reasons) {

  /** Keep or remove. */
  public enum Verdict {
    KEEP,
    REMOVE
  }

  public Decision {
    reasons = List.copyOf(reasons);
    if ((verdict == Verdict.KEEP) == reasons.isEmpty()) {
      throw new IllegalArgumentException("a kept snapshot has reasons, a removed one none");
    }
  }

  /** Keeps {@code snapshot} for {@code reasons} (at least one). */
  public static Decision keep(Snapshot snapshot, List<String> reasons) {
    return new Decision(snapshot, Verdict.KEEP, reasons);
  }

  /** Removes {@code snapshot}. */
  public static Decision remove(Snapshot snapshot) {
    return new Decision(snapshot, Verdict.REMOVE, List.of());
  }

  /** True when the snapshot is kept. */
  public boolean kept() {
    return verdict == Verdict.KEEP;
  }

  /** This decision changed to keep, with {@code reason} added after the reasons it had. */
  public Decision keptFor(String reason) {
    List<String> all = new ArrayList<>(reasons);
    all.add(reason);
    return keep(snapshot, all);
  }
}
