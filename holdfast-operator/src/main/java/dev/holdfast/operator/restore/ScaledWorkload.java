package dev.holdfast.operator.restore;

import dev.holdfast.core.UsageError;
import java.util.Objects;

/**
 * A workload an in-place restore scaled to zero, and the replicas to give back; written into the
 * Restore's status as {@code KIND/NAME=REPLICAS} before it is scaled, so that a restarted operator
 * still knows what to scale back.
 *
 * @param kind {@code Deployment}, {@code StatefulSet} or {@code ReplicaSet}
 * @param name the workload's name, in the target claim's namespace
 * @param replicas its replicas before the restore
 */
public record ScaledWorkload(String kind, String name, int replicas) {
  /** The kinds an in-place restore scales. */
  public static final java.util.List<String> KINDS =
      java.util.List.of("Deployment", "StatefulSet", "ReplicaSet");

  public ScaledWorkload {
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException("cannot scale a " + kind);
    }
    Objects.requireNonNull(name, "name");
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas must not be negative");
    }
  }

  /**
   * Reads {@code KIND/NAME=REPLICAS} as {@link #toString} writes it.
   *
   * @throws UsageError when the text is not such an entry (someone edited the status)
   */
  public static ScaledWorkload parse(String text) {
    int slash = text.indexOf('/');
    int eq = text.lastIndexOf('=');
    if (slash <= 0 || eq < slash + 2) {
      throw new UsageError("status.scaledWorkloads: '" + text + "' is not KIND/NAME=REPLICAS");
    }
    try {
      return new ScaledWorkload(
          text.substring(0, slash),
          text.substring(slash + 1, eq),
          Integer.parseInt(text.substring(eq + 1)));
    } catch (IllegalArgumentException e) {
      throw new UsageError(
          "status.scaledWorkloads: '" + text + "' is not KIND/NAME=REPLICAS: " + e.getMessage());
    }
  }

  /** {@code KIND/NAME=REPLICAS}. */
  @Override
  public String toString() {
    return kind + "/" + name + "=" + replicas;
  }

  /** {@code KIND/NAME}, as messages name it. */
  public String reference() {
    return kind + "/" + name;
  }
}
