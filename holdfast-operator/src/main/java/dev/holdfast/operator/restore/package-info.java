/**
 * Restore resources on the operator's side: choosing the snapshot, preparing the target claim
 * (creating it, or scaling its workloads down), starting the helper pod that places the claim on a
 * node, watching the agent's heartbeat, and cleaning up (scaling back, metrics).
 */
package dev.holdfast.operator.restore;
