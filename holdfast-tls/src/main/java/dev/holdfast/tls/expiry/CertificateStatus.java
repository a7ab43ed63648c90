package dev.holdfast.tls.expiry;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One watched certificate judged at one moment: where it was found, what it says, how many whole
 * days it has left (negative once expired), the verdict, when it turns warn and critical, and, for
 * a leaf Holdfast renews, when it renews.
 *
 * @param renewAt when Holdfast renews it: present for the leaf of a folder that {@code holdfast tls
 *     issue} keeps (with its {@code leaf.conf})
 */
public record CertificateStatus(
    Origin origin,
    CertificateSummary certificate,
    long daysLeft,
    Verdict verdict,
    Instant warnAt,
    Instant criticalAt,
    Optional<Instant> renewAt) {

  /** Requires every part. */
  public CertificateStatus {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(warnAt, "warnAt");
    Objects.requireNonNull(criticalAt, "criticalAt");
    Objects.requireNonNull(renewAt, "renewAt");
  }
}
