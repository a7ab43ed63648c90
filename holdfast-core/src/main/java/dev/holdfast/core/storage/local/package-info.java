/** Blob storage in a folder of a local filesystem: atomic, durable, owner-only files. */
package dev.holdfast.core.storage.local;
