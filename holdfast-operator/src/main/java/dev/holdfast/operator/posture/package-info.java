/**
 * SecurityReport resources: SARIF from a ConfigMap ingested into a repository, the application
 * version's posture in the status, and the posture gauges.
 */
package dev.holdfast.operator.posture;
