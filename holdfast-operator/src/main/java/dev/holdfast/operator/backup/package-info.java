/**
 * Backup resources on the operator's side: choosing the node, running hooks, watching the agent's
 * heartbeat, and finishing (post hooks, metrics, retention).
 */
package dev.holdfast.operator.backup;
