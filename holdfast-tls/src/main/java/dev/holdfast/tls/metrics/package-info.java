/**
 * Prometheus gauges for the certificates Holdfast manages or watches: expiry and renewal times and
 * readiness, in a registry a server exposes on {@code /metrics} or as text for node_exporter's
 * textfile collector.
 */
package dev.holdfast.tls.metrics;
