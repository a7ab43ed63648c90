/**
 * The repository server's HTTP protocol, shared by the server and its client: resource paths,
 * header names and error codes (docs/SERVER.md).
 */
package dev.holdfast.server.protocol;
