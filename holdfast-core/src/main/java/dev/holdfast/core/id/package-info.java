/**
 * Typed 256-bit identifiers of everything a repository stores: chunks, packs, snapshots, index
 * files and key slots.
 */
package dev.holdfast.core.id;
