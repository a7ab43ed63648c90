package dev.holdfast.core.repository;

import dev.holdfast.core.chunking.ChunkerParams;
import dev.holdfast.core.crypto.KdfParams;
import java.util.Objects;
import java.util.Optional;

/** Choices made once when a repository is created. */
public record InitOptions(
    ChunkerParams chunker,
    int compressionLevel,
    int packSize,
    KdfParams kdf,
    Optional<ObjectLock> objectLock) {

  public InitOptions {
    Objects.requireNonNull(objectLock, "objectLock");
  }

  /** Options without object lock. */
  public InitOptions(ChunkerParams chunker, int compressionLevel, int packSize, KdfParams kdf) {
    this(chunker, compressionLevel, packSize, kdf, Optional.empty());
  }

  /** The defaults: ~1 MiB chunks, zstd level 3, 16 MiB packs, Argon2id 64 MiB / 3 passes. */
  public static InitOptions defaults() {
    return new InitOptions(
        ChunkerParams.DEFAULT,
        RepositoryConfig.DEFAULT_COMPRESSION_LEVEL,
        RepositoryConfig.DEFAULT_PACK_SIZE,
        KdfParams.DEFAULT);
  }

  /** The same options with other key-derivation parameters. */
  public InitOptions withKdf(KdfParams newKdf) {
    return new InitOptions(chunker, compressionLevel, packSize, newKdf, objectLock);
  }

  /** The same options with another chunker. */
  public InitOptions withChunker(ChunkerParams newChunker) {
    return new InitOptions(newChunker, compressionLevel, packSize, kdf, objectLock);
  }

  /** The same options with another compression level (0 = off). */
  public InitOptions withCompressionLevel(int level) {
    return new InitOptions(chunker, level, packSize, kdf, objectLock);
  }

  /** The same options with another pack size. */
  public InitOptions withPackSize(int bytes) {
    return new InitOptions(chunker, compressionLevel, bytes, kdf, objectLock);
  }

  /**
   * The same options with S3 Object Lock: every blob of backup data stays immutable in storage for
   * {@code lock.days()} after it is stored.
   */
  public InitOptions withObjectLock(ObjectLock lock) {
    return new InitOptions(chunker, compressionLevel, packSize, kdf, Optional.of(lock));
  }
}
