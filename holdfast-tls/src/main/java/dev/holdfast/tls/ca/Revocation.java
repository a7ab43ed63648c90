package dev.holdfast.tls.ca;

import dev.holdfast.tls.material.SerialNumber;
import java.time.Instant;
import java.util.Objects;

/** One revoked certificate as a CRL lists it: its serial, when and why it was revoked. */
public record Revocation(SerialNumber serial, RevocationReason reason, Instant revokedAt) {
  /** Requires every field. */
  public Revocation {
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(revokedAt, "revokedAt");
  }
}
