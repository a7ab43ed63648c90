/**
 * Key and trust managers that a running server or client reloads from files without a restart:
 * established connections finish on the old material, new handshakes use the new.
 */
package dev.holdfast.tls.reload;
