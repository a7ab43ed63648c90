/**
 * The forget job: removes the snapshot manifests that a retention policy (or the user, by id) gives
 * up, never a pinned or object-locked one; prune later removes the data only they used.
 */
package dev.holdfast.core.forget;
