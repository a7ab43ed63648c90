/** A storage backend that keeps blobs in memory, for tests and throw-away repositories. */
package dev.holdfast.core.storage.memory;
