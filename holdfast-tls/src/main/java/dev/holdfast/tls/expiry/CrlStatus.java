package dev.holdfast.tls.expiry;

import java.time.Instant;
import java.util.Objects;

/**
 * A certificate revocation list found while scanning, and whether it is stale: past its nextUpdate,
 * its issuer has not published for too long. Holdfast's own peers still honour a stale CRL
 * (docs/TLS.md, "Revocation and CRLs"); other TLS stacks may refuse every certificate of its CA, so
 * a stale CRL is a warning.
 *
 * @param source the file it was read from
 * @param position its place among the CRLs of that file
 * @param revoked how many certificates it lists
 * @param verdict {@link Verdict#OK}, or {@link Verdict#WARN} once stale
 */
public record CrlStatus(
    String source,
    int position,
    String issuer,
    Instant thisUpdate,
    Instant nextUpdate,
    int revoked,
    Verdict verdict) {

  /** Requires every part. */
  public CrlStatus {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(thisUpdate, "thisUpdate");
    Objects.requireNonNull(nextUpdate, "nextUpdate");
    Objects.requireNonNull(verdict, "verdict");
  }

  /** The verdict at {@code now} on a CRL due for renewal at {@code nextUpdate}. */
  public static Verdict judge(Instant nextUpdate, Instant now) {
    return now.isAfter(nextUpdate) ? Verdict.WARN : Verdict.OK;
  }
}
