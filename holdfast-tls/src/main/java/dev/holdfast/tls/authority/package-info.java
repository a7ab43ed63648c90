/**
 * Holdfast's certificate authority as kept on disk: its CA generations, the rotation state machine
 * that replaces a CA without a failed handshake, the ledger of issued and revoked leaves, and the
 * trust bundle and CRLs it publishes (docs/TLS.md).
 */
package dev.holdfast.tls.authority;
