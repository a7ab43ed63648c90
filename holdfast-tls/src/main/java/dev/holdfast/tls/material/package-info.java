/**
 * TLS material on disk: PEM certificates, keys and CRLs, keystores, and the atomic, owner-only
 * writes that keep a half-written key from ever being read.
 */
package dev.holdfast.tls.material;
