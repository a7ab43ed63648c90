/**
 * Crash-consistent backups through CSI: a VolumeSnapshot of the claim, a claim cloned from it, and
 * a small data-mover pod that mounts the clone on some node so that node's agent can read it.
 */
package dev.holdfast.operator.consistency;
