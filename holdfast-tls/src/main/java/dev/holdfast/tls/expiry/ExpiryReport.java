package dev.holdfast.tls.expiry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The result of one scan: every certificate found with its verdict, the CRLs found (stale or not),
 * the sources that could not be read, and the files in scanned folders that held neither (keys).
 *
 * @param at the moment the verdicts were given
 */
public record ExpiryReport(
    Instant at,
    ExpiryThresholds thresholds,
    List<CertificateStatus> certificates,
    List<CrlStatus> crls,
    List<ScanFailure> failures,
    List<String> skipped) {

  /** Copies the lists. */
  public ExpiryReport {
    certificates = List.copyOf(certificates);
    crls = List.copyOf(crls);
    failures = List.copyOf(failures);
    skipped = List.copyOf(skipped);
  }

  /** The worst verdict among the certificates; empty when none was found. */
  public Optional<Verdict> worst() {
    return certificates.stream().map(CertificateStatus::verdict).max(Verdict::compareTo);
  }

  /** Whether any certificate's or CRL's verdict is {@code threshold} or worse. */
  public boolean anyAtLeast(Verdict threshold) {
    return certificates.stream().anyMatch(c -> c.verdict().atLeast(threshold))
        || crls.stream().anyMatch(c -> c.verdict().atLeast(threshold));
  }

  /** How many certificates have {@code verdict}. */
  public long count(Verdict verdict) {
    return certificates.stream().filter(c -> c.verdict() == verdict).count();
  }
}
