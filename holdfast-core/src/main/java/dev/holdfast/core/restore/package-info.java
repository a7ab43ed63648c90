/** The restore job: recreate a snapshot under a target folder, never writing outside it. */
package dev.holdfast.core.restore;
