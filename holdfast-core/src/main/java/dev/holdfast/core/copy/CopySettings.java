package dev.holdfast.core.copy;

/**
 * How much a copy may run at once and remember.
 *
 * @param threads threads that read, re-hash and store chunks
 * @param uploads packs stored at once in the destination
 * @param maxBytesInFlight chunk bytes read from the source but not yet packed
 * @param packsPerIndexFile packs named by one index file in the destination
 * @param chunkMemoEntries source chunk id → destination chunk id translations remembered (64 bytes
 *     each)
 * @param treeMemoEntries source tree id → destination tree id translations remembered (64 bytes
 *     each)
 * @param readBatchChunks source chunks gathered before they are read, range by range (about 150
 *     bytes each; two batches at most are being read)
 */
public record CopySettings(
    int threads,
    int uploads,
    long maxBytesInFlight,
    int packsPerIndexFile,
    int chunkMemoEntries,
    int treeMemoEntries,
    int readBatchChunks) {

  /** 2^18 chunk translations: 16 MiB at most. */
  public static final int DEFAULT_CHUNK_MEMO = 1 << 18;

  /** 2^16 tree translations: 4 MiB at most. */
  public static final int DEFAULT_TREE_MEMO = 1 << 16;

  /**
   * 8,192 chunks a batch: about 1.2 MiB while gathered, 8 GiB of data at the default chunk size.
   */
  public static final int DEFAULT_READ_BATCH = 8192;

  public CopySettings {
    if (threads < 1 || uploads < 1 || packsPerIndexFile < 1) {
      throw new IllegalArgumentException("copy settings need at least one of each");
    }
    if (maxBytesInFlight < 16L * 1024 * 1024) {
      throw new IllegalArgumentException("at least 16 MiB must be allowed in flight");
    }
    if (chunkMemoEntries < 1 || treeMemoEntries < 1) {
      throw new IllegalArgumentException("the memos need room for at least one entry");
    }
    if (readBatchChunks < 1) {
      throw new IllegalArgumentException("a read batch holds at least one chunk");
    }
  }

  /** Settings sized for this machine's processors. */
  public static CopySettings forMachine() {
    int cores = Runtime.getRuntime().availableProcessors();
    return new CopySettings(
        Math.max(2, cores),
        1,
        16L * 1024 * 1024,
        16,
        DEFAULT_CHUNK_MEMO,
        DEFAULT_TREE_MEMO,
        DEFAULT_READ_BATCH);
  }

  /** The same settings with memos of the given sizes (tests use tiny ones). */
  public CopySettings withMemos(int chunks, int trees) {
    return new CopySettings(
        threads, uploads, maxBytesInFlight, packsPerIndexFile, chunks, trees, readBatchChunks);
  }

  /** The same settings with read batches of {@code chunks} (tests use tiny ones). */
  public CopySettings withReadBatch(int chunks) {
    return new CopySettings(
        threads,
        uploads,
        maxBytesInFlight,
        packsPerIndexFile,
        chunkMemoEntries,
        treeMemoEntries,
        chunks);
  }
}
