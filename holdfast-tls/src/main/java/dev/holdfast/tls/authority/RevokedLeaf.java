package dev.holdfast.tls.authority;

import dev.holdfast.tls.ca.Revocation;
import java.time.Instant;

/**
 * A revoked leaf: the generation whose CRL lists it, the revocation, and the leaf's own expiry,
 * after which the CRL no longer needs to list it.
 */
public record RevokedLeaf(int generation, Revocation revocation, Instant notAfter) {}
