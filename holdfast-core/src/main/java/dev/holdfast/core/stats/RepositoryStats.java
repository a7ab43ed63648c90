package dev.holdfast.core.stats;

/**
 * Figures about a repository ({@code holdfast stats}).
 *
 * @param restoreSize bytes of file content that restoring every snapshot would write
 * @param uniqueRawSize bytes of distinct chunk plaintext (after deduplication, before compression)
 * @param storedSize bytes of all packs in storage (compressed, encrypted, with overhead)
 * @param dedupRatio restoreSize / uniqueRawSize
 * @param compressionRatio uniqueRawSize / bytes of the stored data blobs
 */
public record RepositoryStats(
    long snapshots,
    long files,
    long restoreSize,
    long uniqueChunks,
    long uniqueTrees,
    long uniqueRawSize,
    long packs,
    long storedSize,
    long indexFiles,
    long indexMemoryBytes,
    double dedupRatio,
    double compressionRatio) {}
