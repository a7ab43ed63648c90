/** Test fixtures of the repository server: a tiny CA and a server on loopback. */
package dev.holdfast.server.testing;
