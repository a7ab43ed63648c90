package dev.holdfast.core.storage;

/** A stored blob's name and size in bytes, as listed by a {@link BlobStore}. */
public record BlobInfo(BlobName name, long size) {}
