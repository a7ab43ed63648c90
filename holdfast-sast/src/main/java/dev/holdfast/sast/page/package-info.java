/** A self-contained HTML page of the posture timeline, for people who never used the CLI. */
package dev.holdfast.sast.page;
