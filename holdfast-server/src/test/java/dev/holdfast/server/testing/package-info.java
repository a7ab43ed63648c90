/**
 * Test fixtures of the repository server: a tiny CA, a server on loopback, and a proxy that cuts
 * connections.
 */
package dev.holdfast.server.testing;
