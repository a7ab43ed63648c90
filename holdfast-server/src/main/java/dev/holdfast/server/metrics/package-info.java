/**
 * The repository server's Prometheus metrics: requests, bytes and TLS reloads counted as the server
 * runs, and the plain-HTTP endpoint Prometheus scrapes them from (docs/SERVER.md, "Metrics").
 */
package dev.holdfast.server.metrics;
