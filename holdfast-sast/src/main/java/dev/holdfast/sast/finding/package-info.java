/**
 * The normalised SAST finding, whatever tool wrote it: severity, location, fingerprint for dedup.
 */
package dev.holdfast.sast.finding;
