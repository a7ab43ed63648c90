package dev.holdfast.core.repository;

import dev.holdfast.core.chunking.ChunkerParams;
import dev.holdfast.core.crypto.KdfParams;

/** Choices made once when a repository is created. */
public record InitOptions(
    ChunkerParams chunker, int compressionLevel, int packSize, KdfParams kdf) {

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
    return new InitOptions(chunker, compressionLevel, packSize, newKdf);
  }

  /** The same options with another chunker. */
  public InitOptions withChunker(ChunkerParams newChunker) {
    return new InitOptions(newChunker, compressionLevel, packSize, kdf);
  }

  /** The same options with another compression level (0 = off). */
  public InitOptions withCompressionLevel(int level) {
    return new InitOptions(chunker, level, packSize, kdf);
  }

  /** The same options with another pack size. */
  public InitOptions withPackSize(int bytes) {
    return new InitOptions(chunker, compressionLevel, bytes, kdf);
  }
}
