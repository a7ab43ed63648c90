/**
 * Retention rules that protect known-good state: the newest clean snapshots, and suspect ones kept
 * for forensics (docs/RETENTION.md, "Security posture").
 */
package dev.holdfast.sast.retention;
