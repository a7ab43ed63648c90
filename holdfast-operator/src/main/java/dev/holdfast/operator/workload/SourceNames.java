package dev.holdfast.operator.workload;

import dev.holdfast.operator.api.ObjectReference;

/**
 * The source name of a claim's snapshots, {@code k8s://<cluster>/<namespace>/<claim>}
 * (docs/DESIGN.md, "Names used across modules"): retention, posture and {@code restore
 * --latest-clean} group by it.
 */
public final class SourceNames {
  private SourceNames() {}

  /** The source name of {@code claim} in cluster {@code cluster}. */
  public static String of(String cluster, ObjectReference claim) {
    return "k8s://" + cluster + "/" + claim.namespace() + "/" + claim.name();
  }
}
