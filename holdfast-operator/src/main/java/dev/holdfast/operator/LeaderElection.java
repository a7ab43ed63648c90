package dev.holdfast.operator;

import java.time.Duration;
import java.util.Objects;

/**
 * Leader election among operator replicas through a coordination.k8s.io Lease: only the holder
 * reconciles, and a replica that loses the lease stops reconciling, so two replicas never run the
 * same hook or write the same status at once. A standby takes over once the lease expires.
 *
 * @param leaseName the Lease's name
 * @param leaseNamespace the Lease's namespace (the operator's own)
 * @param identity this replica's name in the Lease (its pod name)
 * @param leaseDuration how long a lease stays valid without renewal
 * @param renewDeadline how long the holder keeps trying to renew before giving up leadership
 * @param retryPeriod how often candidates try to acquire or renew
 * @param exitWhenLost end the process when leadership is lost (in a pod: Kubernetes restarts it as
 *     a standby, with clean caches); tests that run several replicas in one JVM turn it off
 */
public record LeaderElection(
    String leaseName,
    String leaseNamespace,
    String identity,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod,
    boolean exitWhenLost) {
  public LeaderElection {
    Objects.requireNonNull(leaseName, "leaseName");
    Objects.requireNonNull(leaseNamespace, "leaseNamespace");
    Objects.requireNonNull(identity, "identity");
    if (renewDeadline.compareTo(leaseDuration) >= 0 || retryPeriod.compareTo(renewDeadline) >= 0) {
      throw new IllegalArgumentException(
          "leader election needs retryPeriod < renewDeadline < leaseDuration");
    }
  }

  /**
   * Kubernetes' usual timings (15 s lease, 10 s renew deadline, 2 s retry) for {@code identity}.
   */
  public static LeaderElection standard(String leaseNamespace, String identity) {
    return new LeaderElection(
        "holdfast-operator",
        leaseNamespace,
        identity,
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        Duration.ofSeconds(2),
        true);
  }
}
