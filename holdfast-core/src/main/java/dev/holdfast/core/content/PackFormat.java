package dev.holdfast.core.content;

import dev.holdfast.core.crypto.PackCipher;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.PackId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The byte layout of a pack file (docs/FORMAT.md, "Packs"):
 *
 * <pre>
 * header   "HFPK" | version u8 = 1 | salt[32]                      (clear: the per-pack key salt)
 * blobs    AES-256-GCM(packKey, nonce = offset, aad = type u8 || chunk id, encoding u8 || payload)
 * trailer  AES-256-GCM(packKey, nonce = Long.MAX_VALUE, aad = "holdfast/v1/pack-trailer",
 *          count u32, then per blob: type u8 | chunk id[32] | offset u32 | length u32 | rawLength u32)
 * footer   trailer length u32 (ciphertext with tag)
 * </pre>
 *
 * The trailer lets a pack describe itself, so an index lost in a crash can be rebuilt from the
 * packs alone. All integers are big-endian.
 */
public final class PackFormat {
  static final byte[] MAGIC = "HFPK".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final int SALT_BYTES = 32;

  /** Bytes before the first blob. */
  public static final int HEADER_BYTES = MAGIC.length + 1 + SALT_BYTES;

  static final int FOOTER_BYTES = 4;
  static final long TRAILER_NONCE = Long.MAX_VALUE;
  static final byte[] TRAILER_AAD = "holdfast/v1/pack-trailer".getBytes(StandardCharsets.US_ASCII);
  static final int TRAILER_ENTRY_BYTES = 1 + 32 + 4 + 4 + 4;

  /** Largest plaintext of one blob (chunker maximum plus slack): bounds allocations on read. */
  public static final int MAX_BLOB_RAW = 64 * 1024 * 1024 + 1024;

  /**
   * Largest stored form of one blob: its plaintext, the encoding byte, and the authentication tag
   * (compression is kept only when it shrinks the blob).
   */
  public static final int MAX_BLOB_STORED = MAX_BLOB_RAW + 1 + PackCipher.TAG_BYTES;

  private PackFormat() {}

  /** The associated data that binds a blob's ciphertext to its type and id. */
  static byte[] blobAad(BlobType type, ChunkId id) {
    byte[] aad = new byte[33];
    aad[0] = type.code();
    id.writeTo(aad, 1);
    return aad;
  }

  static byte[] encodeTrailer(List<IndexFile.Entry> entries) {
    ByteBuffer b = ByteBuffer.allocate(4 + entries.size() * TRAILER_ENTRY_BYTES);
    b.putInt(entries.size());
    byte[] id = new byte[32];
    for (IndexFile.Entry e : entries) {
      BlobLocation l = e.location();
      b.put(l.type().code());
      e.id().writeTo(id, 0);
      b.put(id);
      b.putInt(l.offset()).putInt(l.length()).putInt(l.rawLength());
    }
    return b.array();
  }

  /**
   * Parses a decrypted trailer of pack {@code pack} whose blob area ends at {@code blobsEnd}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static List<IndexFile.Entry> decodeTrailer(PackId pack, byte[] plain, long blobsEnd) {
    if (plain.length < 4) {
      throw new IllegalArgumentException("trailer is shorter than its count");
    }
    ByteBuffer b = ByteBuffer.wrap(plain);
    int count = b.getInt();
    if (count < 0 || (long) count * TRAILER_ENTRY_BYTES != plain.length - 4) {
      throw new IllegalArgumentException("trailer count " + count + " does not match its size");
    }
    List<IndexFile.Entry> entries = new ArrayList<>(count);
    byte[] id = new byte[32];
    for (int i = 0; i < count; i++) {
      BlobType type = BlobType.fromCode(b.get());
      b.get(id);
      int offset = b.getInt();
      int length = b.getInt();
      int raw = b.getInt();
      if (offset < HEADER_BYTES
          || length <= 0
          || (long) offset + length > blobsEnd
          || raw < 0
          || raw > MAX_BLOB_RAW) {
        throw new IllegalArgumentException("trailer entry " + i + " lies outside the pack");
      }
      entries.add(
          new IndexFile.Entry(ChunkId.of(id), new BlobLocation(pack, type, offset, length, raw)));
    }
    return entries;
  }
}
