/**
 * Leaf folders as the {@code holdfast tls} commands keep them (a certificate, its key, the trust
 * bundle, the CRLs and the spec it renews by), issued, renewed and rotated from an authority.
 */
package dev.holdfast.tls.folder;
