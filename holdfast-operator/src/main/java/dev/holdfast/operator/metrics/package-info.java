/** The operator's and agent's Prometheus metrics, in the style Velero users know. */
package dev.holdfast.operator.metrics;
