/** Snapshots: directory trees stored as deduplicated blobs, and the manifests that commit them. */
package dev.holdfast.core.snapshot;
