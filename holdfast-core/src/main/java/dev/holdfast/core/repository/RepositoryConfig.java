package dev.holdfast.core.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.holdfast.core.chunking.ChunkerAlgorithm;
import dev.holdfast.core.chunking.ChunkerParams;
import java.time.Instant;
import java.util.Objects;

/**
 * The settings a repository is created with and keeps for life, written (sealed) into its config
 * blob: the chunker's algorithm and sizes, compression and pack size, and the object lock if any.
 * Naming the algorithms in the repository keeps old repositories readable when defaults change.
 *
 * @param objectLock the object lock every writer applies to new data, or null when there is none
 *     (left out of the JSON then, so configs without it read as before)
 */
public record RepositoryConfig(
    int version,
    String repositoryId,
    Instant created,
    ChunkerAlgorithm chunkerAlgorithm,
    ChunkerParams chunker,
    String compression,
    int compressionLevel,
    int packSize,
    @JsonInclude(JsonInclude.Include.NON_NULL) ObjectLock objectLock) {

  /** The repository format version this program writes and reads. */
  public static final int CURRENT_VERSION = 1;

  /** Default target size of a pack. */
  public static final int DEFAULT_PACK_SIZE = 16 * 1024 * 1024;

  /** Default zstd level. */
  public static final int DEFAULT_COMPRESSION_LEVEL = 3;

  public RepositoryConfig {
    Objects.requireNonNull(chunkerAlgorithm, "chunker algorithm");
    Objects.requireNonNull(chunker, "chunker sizes");
    if (!"zstd".equals(compression)) {
      throw new IllegalArgumentException("unknown compression " + compression);
    }
    if (compressionLevel < 0 || compressionLevel > 19) {
      throw new IllegalArgumentException(
          "compression level must be 0..19, was " + compressionLevel);
    }
    if (packSize < 1024 * 1024 || packSize > 256 * 1024 * 1024) {
      throw new IllegalArgumentException("pack size must be 1 MiB..256 MiB, was " + packSize);
    }
  }

  /** A config without object lock. */
  public RepositoryConfig(
      int version,
      String repositoryId,
      Instant created,
      ChunkerAlgorithm chunkerAlgorithm,
      ChunkerParams chunker,
      String compression,
      int compressionLevel,
      int packSize) {
    this(
        version,
        repositoryId,
        created,
        chunkerAlgorithm,
        chunker,
        compression,
        compressionLevel,
        packSize,
        null);
  }
}
