/**
 * The repository server: repositories' storage offered over HTTPS with client certificates
 * required, each request authorised by the client's identity (docs/SERVER.md).
 */
package dev.holdfast.server;
