/**
 * One certificate authority: its key pair and self-signed certificate, issuance of leaf
 * certificates for Holdfast's components, and the CRLs it signs.
 */
package dev.holdfast.tls.ca;
