package dev.holdfast.core.content;

import dev.holdfast.core.crypto.PackCipher;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.PackId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One pack under construction: blobs are encrypted straight into a (reused) buffer under the pack's
 * own key, then {@link #finish()} appends the trailer. Not thread-safe: a pack has one writer at a
 * time (the {@link Packer} lends it out).
 */
public final class PackWriter {
  private final PackId id;
  private final PackCipher cipher;
  private final int targetSize;
  private final List<IndexFile.Entry> entries = new ArrayList<>();
  private final boolean pooled;
  private byte[] buf;
  private int size;

  PackWriter(PackId id, PackCipher cipher, int targetSize, byte[] buffer, boolean pooled) {
    this.pooled = pooled;
    this.id = id;
    this.cipher = cipher;
    this.targetSize = targetSize;
    this.buf = buffer;
    System.arraycopy(PackFormat.MAGIC, 0, buf, 0, PackFormat.MAGIC.length);
    buf[PackFormat.MAGIC.length] = (byte) PackFormat.VERSION;
    byte[] salt = cipher.salt();
    System.arraycopy(salt, 0, buf, PackFormat.MAGIC.length + 1, salt.length);
    size = PackFormat.HEADER_BYTES;
  }

  /** This pack's id. */
  public PackId id() {
    return id;
  }

  /**
   * Encrypts a framed payload (encoding byte first) as blob {@code chunk} of {@code type}.
   *
   * @return where the blob now lies
   */
  public BlobLocation add(BlobType type, ChunkId chunk, byte[] framed, int off, int len, int raw) {
    int length = len + PackCipher.TAG_BYTES;
    ensure(size + length);
    int offset = size;
    cipher.seal(offset, PackFormat.blobAad(type, chunk), framed, off, len, buf, offset);
    size += length;
    BlobLocation location = new BlobLocation(id, type, offset, length, raw);
    entries.add(new IndexFile.Entry(chunk, location));
    return location;
  }

  /** True when the pack has reached its target size and should be finished. */
  public boolean isFull() {
    return size >= targetSize;
  }

  /** True when no blob was added. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The blobs written so far. */
  public List<IndexFile.Entry> entries() {
    return List.copyOf(entries);
  }

  /** Appends the trailer and footer and returns the finished pack; the writer is spent. */
  public FinishedPack finish() {
    byte[] trailer = PackFormat.encodeTrailer(entries);
    int sealedLength = trailer.length + PackCipher.TAG_BYTES;
    ensure(size + sealedLength + PackFormat.FOOTER_BYTES);
    cipher.seal(
        PackFormat.TRAILER_NONCE, PackFormat.TRAILER_AAD, trailer, 0, trailer.length, buf, size);
    size += sealedLength;
    ByteBuffer.wrap(buf, size, PackFormat.FOOTER_BYTES).putInt(sealedLength);
    size += PackFormat.FOOTER_BYTES;
    FinishedPack pack = new FinishedPack(id, buf, size, List.copyOf(entries), pooled);
    buf = null;
    return pack;
  }

  private void ensure(int capacity) {
    if (buf.length < capacity) {
      int grown = Math.max(capacity, Math.min(buf.length * 2, targetSize + (targetSize >> 2)));
      buf = Arrays.copyOf(buf, Math.max(grown, capacity));
    }
  }

  /**
   * A complete pack ready to store: {@code bytes[0, length)} and the blobs it holds; {@code pooled}
   * says whether its buffer goes back to a pool once stored.
   */
  public record FinishedPack(
      PackId id, byte[] bytes, int length, List<IndexFile.Entry> entries, boolean pooled) {}
}
