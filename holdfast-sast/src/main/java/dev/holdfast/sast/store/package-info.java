/**
 * Security reports and waivers kept inside the repository, sealed like every other object, so the
 * posture history travels with the backups (docs/FORMAT.md, "Security reports").
 */
package dev.holdfast.sast.store;
