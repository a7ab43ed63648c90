/** Storage of named immutable blobs: the small SPI every backend implements. */
package dev.holdfast.core.storage;
