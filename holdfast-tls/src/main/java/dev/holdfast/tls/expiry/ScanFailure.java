package dev.holdfast.tls.expiry;

import dev.holdfast.tls.TlsException;

/**
 * A file, keystore or endpoint whose certificates could not be read, with the failure that says why
 * (its message names the source).
 */
public record ScanFailure(String source, TlsException failure) {}
