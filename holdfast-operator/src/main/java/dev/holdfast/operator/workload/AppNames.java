package dev.holdfast.operator.workload;

import dev.holdfast.operator.api.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;

/**
 * The application name under which a claim's snapshots record their app versions (and under which
 * CI files SAST reports, for posture): the one the Backup or its policy names; else the pods'
 * {@value #NAME_LABEL} label, the name Kubernetes recommends every chart set; else the claim's own
 * name, which at least never changes between backups of the claim.
 */
public final class AppNames {
  /** The recommended label for an application's name. */
  public static final String NAME_LABEL = "app.kubernetes.io/name";

  private AppNames() {}

  /** The application name of {@code claim}, mounted by {@code pods}, as the class comment says. */
  public static String of(String named, List<Pod> pods, ObjectReference claim) {
    if (named != null && !named.isBlank()) {
      return named;
    }
    for (Pod pod : pods) {
      Map<String, String> labels = pod.getMetadata().getLabels();
      String label = labels == null ? null : labels.get(NAME_LABEL);
      if (label != null && !label.isBlank()) {
        return label;
      }
    }
    return claim.name();
  }
}
