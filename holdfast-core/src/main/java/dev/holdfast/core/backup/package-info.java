/**
 * The backup job: walk, reuse unchanged files, chunk, deduplicate, pack, store trees, commit a
 * snapshot.
 */
package dev.holdfast.core.backup;
