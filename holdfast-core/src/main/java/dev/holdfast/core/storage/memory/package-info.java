/** Blob storage held in memory, for tests and demos. */
package dev.holdfast.core.storage.memory;
