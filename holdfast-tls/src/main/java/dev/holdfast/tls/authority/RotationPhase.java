package dev.holdfast.tls.authority;

/**
 * The phases of a CA rotation (docs/TLS.md, "CA rotation"). The new CA is trusted everywhere before
 * it signs anything, and the old one stays trusted until nothing it signed is still valid, so at no
 * step does a peer meet a certificate from a CA it does not trust.
 */
public enum RotationPhase {
  /** One CA signs and is the only one trusted. */
  STABLE,
  /** A new CA is in the trust bundle; the old one still signs, until the bundle has propagated. */
  INTRODUCING,
  /** The new CA signs; both are trusted while leaves signed by the old one are re-issued. */
  REISSUING,
  /**
   * No valid leaf of the old CA is left: it is out of the bundle and its key file deleted; peers
   * drop it as the bundle propagates.
   */
  RETIRING
}
