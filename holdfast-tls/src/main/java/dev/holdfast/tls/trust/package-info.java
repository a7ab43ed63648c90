/**
 * Deciding whether a peer's certificate is trusted: the trust bundle and CRLs, the expected peer
 * identity, and the checks that refuse a certificate with a message naming it and the reason.
 */
package dev.holdfast.tls.trust;
