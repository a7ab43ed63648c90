package dev.holdfast.tls.renewal;

import dev.holdfast.tls.material.SerialNumber;
import java.time.Instant;

/**
 * What one renewal check did: whether it renewed and why (or why not), and the certificate now on
 * disk with its expiry and next renewal time, the figures a status display shows.
 */
public record RenewalOutcome(
    boolean renewed, String reason, SerialNumber serial, Instant notAfter, Instant nextRenewal) {}
