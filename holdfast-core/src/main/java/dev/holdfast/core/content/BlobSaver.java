package dev.holdfast.core.content;

import dev.holdfast.core.crypto.ChunkHasher;
import dev.holdfast.core.crypto.MasterKey;
import dev.holdfast.core.id.ChunkId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns plaintext into a stored blob: keyed id, deduplication, compression, then the {@link
 * Packer}. One per thread (it owns a hasher and a zstd context); closing frees the native context.
 */
public final class BlobSaver implements AutoCloseable {
  private static final byte[] ZEROS = new byte[64 * 1024];

  private final ChunkHasher hasher;
  private final Compression compression;
  private final Packer packer;
  private final Map<Integer, ChunkId> zeroChunks = new HashMap<>();

  public BlobSaver(MasterKey key, Packer packer, int compressionLevel) {
    this.hasher = key.newChunkHasher();
    this.compression = new Compression(compressionLevel);
    this.packer = packer;
  }

  /** The id of a saved blob and whether this call stored it (false: it was deduplicated). */
  public record Saved(ChunkId id, boolean stored) {}

  /** Stores {@code buf[off, off+len)} as a blob of {@code type} unless the repository has it. */
  public Saved save(BlobType type, byte[] buf, int off, int len) {
    ChunkId id = idOf(buf, off, len);
    if (!packer.claim(id)) {
      return new Saved(id, false);
    }
    Compression.Framed framed = compression.frame(buf, off, len);
    packer.add(type, id, framed.buf(), framed.off(), framed.len(), len);
    return new Saved(id, true);
  }

  /**
   * Stores a blob read from another repository like {@link #save} stores its bytes, but with the
   * payload it was stored with there, compressed or raw, instead of compressing it again: for a
   * source that compresses at least as hard as this repository (a raw payload there was not worth
   * compressing at that level either).
   */
  public Saved saveDecoded(BlobType type, PackReader.Decoded blob) {
    byte[] plain = blob.plain();
    ChunkId id = idOf(plain, 0, plain.length);
    if (!packer.claim(id)) {
      return new Saved(id, false);
    }
    byte[] framed = blob.framed();
    packer.add(type, id, framed, 0, framed.length, plain.length);
    return new Saved(id, true);
  }

  /** The keyed id of {@code buf[off, off+len)}; runs of zeros (sparse regions) are hashed once. */
  public ChunkId idOf(byte[] buf, int off, int len) {
    if (len > 0 && isZero(buf, off, len)) {
      return zeroChunks.computeIfAbsent(len, n -> hasher.hash(buf, off, n));
    }
    return hasher.hash(buf, off, len);
  }

  static boolean isZero(byte[] buf, int off, int len) {
    for (int p = off, end = off + len; p < end; p += ZEROS.length) {
      int n = Math.min(ZEROS.length, end - p);
      if (Arrays.mismatch(buf, p, p + n, ZEROS, 0, n) >= 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    compression.close();
  }
}
