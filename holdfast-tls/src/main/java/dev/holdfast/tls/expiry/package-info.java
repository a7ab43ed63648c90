/**
 * Expiry monitoring: reads certificates from PEM and DER files, folders, Java keystores and live
 * TLS endpoints, and judges each against warn and critical thresholds at an injected clock.
 */
package dev.holdfast.tls.expiry;
