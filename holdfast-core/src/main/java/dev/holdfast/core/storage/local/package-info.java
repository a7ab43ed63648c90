/** A storage backend on a local file system: one file per blob, written atomically. */
package dev.holdfast.core.storage.local;
