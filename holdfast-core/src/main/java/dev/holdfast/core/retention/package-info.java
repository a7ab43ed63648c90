/**
 * Retention: which snapshots a keep policy keeps, with the reasons, by exactly the rules of
 * restic's {@code forget} (docs/RETENTION.md), plus pins; pure logic over snapshot manifests.
 */
package dev.holdfast.core.retention;
