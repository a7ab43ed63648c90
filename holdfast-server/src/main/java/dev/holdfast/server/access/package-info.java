/**
 * Who may do what on the repository server: client identities taken from certificates, the
 * per-repository access policy, and who holds which lock.
 */
package dev.holdfast.server.access;
