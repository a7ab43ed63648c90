package dev.holdfast.core.repository;

import dev.holdfast.core.chunking.ChunkerAlgorithm;
import dev.holdfast.core.chunking.ChunkerParams;
import dev.holdfast.core.crypto.KdfParams;
import java.util.Objects;
import java.util.Optional;

/** Choices made once when a repository is created. */
public record InitOptions(
    ChunkerAlgorithm chunkerAlgorithm,
    ChunkerParams chunker,
    int compressionLevel,
    int packSize,
    KdfParams kdf,
    Optional<ObjectLock> objectLock) {

  public InitOptions {
    Objects.requireNonNull(chunkerAlgorithm, "chunkerAlgorithm");
    Objects.requireNonNull(objectLock, "objectLock");
  }

  /** Options with the default chunking algorithm and without object lock. */
  public InitOptions(ChunkerParams chunker, int compressionLevel, int packSize, KdfParams kdf) {
    this(ChunkerAlgorithm.DEFAULT, chunker, compressionLevel, packSize, kdf, Optional.empty());
  }

  /**
   * The defaults: ~1 MiB chunks that also end in zero runs, zstd level 3, 16 MiB packs, Argon2id 64
   * MiB / 3 passes.
   */
  public static InitOptions defaults() {
    return new InitOptions(
        ChunkerParams.DEFAULT,
        RepositoryConfig.DEFAULT_COMPRESSION_LEVEL,
        RepositoryConfig.DEFAULT_PACK_SIZE,
        KdfParams.DEFAULT);
  }

  /** The same options with other key-derivation parameters. */
  public InitOptions withKdf(KdfParams newKdf) {
    return new InitOptions(
        chunkerAlgorithm, chunker, compressionLevel, packSize, newKdf, objectLock);
  }

  /** The same options with other chunk sizes. */
  public InitOptions withChunker(ChunkerParams newChunker) {
    return new InitOptions(
        chunkerAlgorithm, newChunker, compressionLevel, packSize, kdf, objectLock);
  }

  /** The same options with another chunking algorithm. */
  public InitOptions withChunkerAlgorithm(ChunkerAlgorithm newAlgorithm) {
    return new InitOptions(newAlgorithm, chunker, compressionLevel, packSize, kdf, objectLock);
  }

  /** The same options with another compression level (0 = off). */
  public InitOptions withCompressionLevel(int level) {
    return new InitOptions(chunkerAlgorithm, chunker, level, packSize, kdf, objectLock);
  }

  /** The same options with another pack size. */
  public InitOptions withPackSize(int bytes) {
    return new InitOptions(chunkerAlgorithm, chunker, compressionLevel, bytes, kdf, objectLock);
  }

  /**
   * The same options with S3 Object Lock: every blob of backup data stays immutable in storage for
   * {@code lock.days()} after it is stored.
   */
  public InitOptions withObjectLock(ObjectLock lock) {
    return new InitOptions(
        chunkerAlgorithm, chunker, compressionLevel, packSize, kdf, Optional.of(lock));
  }
}
