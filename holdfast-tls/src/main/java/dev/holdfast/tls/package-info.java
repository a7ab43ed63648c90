/**
 * Failures of Holdfast's TLS material and certificate authority that a user can hit, and the
 * duration syntax that every TLS setting shares.
 */
package dev.holdfast.tls;
