package dev.holdfast.tls.authority;

import dev.holdfast.tls.material.SerialNumber;
import java.time.Instant;

/**
 * A leaf the authority issued and that has not expired: which CA generation signed it, its serial,
 * expiry and subject. The rotation waits on these before it retires a CA.
 */
public record IssuedLeaf(int generation, SerialNumber serial, Instant notAfter, String subject) {}
