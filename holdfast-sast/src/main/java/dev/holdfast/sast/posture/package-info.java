/**
 * Posture: the verdict (clean, vulnerable, unknown) of application versions and of the snapshots
 * they wrote, computed from stored reports and waivers when asked, never stored (docs/SAST.md,
 * "Posture").
 */
package dev.holdfast.sast.posture;
