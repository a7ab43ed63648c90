package dev.holdfast.core.content;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.crypto.AuthenticationFailed;
import dev.holdfast.core.crypto.MasterKey;
import dev.holdfast.core.crypto.PackCipher;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.PackId;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads blobs out of packs: fetches the byte range, authenticates and decrypts it under the pack's
 * key, and decompresses it. Pack salts are cached (one small header read per pack), and each thread
 * keeps the cipher of the pack it read last (one key derivation per run of reads from a pack).
 * Thread-safe.
 */
public final class PackReader {
  private final BlobStore store;
  private final MasterKey key;

  /** Memory for whole packs of grouped reads (two default packs). */
  private static final long GROUPED_CACHE_BYTES = 36L * 1024 * 1024;

  private final Map<PackId, byte[]> salts = new ConcurrentHashMap<>();

  /** Each thread's cipher of the pack it read last: readers go pack by pack. */
  private final ThreadLocal<LastCipher> lastCipher = new ThreadLocal<>();

  private record LastCipher(PackId pack, PackCipher cipher) {}

  private final PackCache groupedPacks;
  private final ThreadLocal<Compression> decompressors =
      ThreadLocal.withInitial(() -> new Compression(0));
  private final ThreadLocal<byte[]> framedScratch = ThreadLocal.withInitial(() -> new byte[0]);

  public PackReader(BlobStore store, MasterKey key) {
    this.store = store;
    this.key = key;
    this.groupedPacks = new PackCache(store, GROUPED_CACHE_BYTES);
  }

  /**
   * Reads, authenticates and decodes one blob of a pack that is likely to be read again soon (a
   * tree of a snapshot being walked): from the second such read of a pack on, the whole pack is
   * fetched once and kept in a small cache (docs/DESIGN.md, "Reading trees").
   */
  public byte[] readGrouped(ChunkId id, BlobLocation at) {
    byte[] whole = groupedPacks.whole(at.pack());
    if (whole == null || (long) at.offset() + at.length() > whole.length) {
      return read(id, at);
    }
    return open(id, at, whole, at.offset());
  }

  /** Reads, authenticates and decodes one blob. */
  public byte[] read(ChunkId id, BlobLocation at) {
    byte[] sealed;
    try {
      sealed = store.getRange(packName(at.pack()), at.offset(), at.length());
    } catch (NoSuchBlob e) {
      throw new CorruptObject(describe(id, at) + " cannot be read: the pack is missing");
    }
    return open(id, at, sealed, 0);
  }

  /**
   * Decodes a blob whose sealed bytes are at {@code sealed[off, off + at.length())}, e.g. inside a
   * larger range read covering several blobs of the same pack.
   *
   * @throws CorruptObject naming the blob and pack when authentication or decoding fails
   */
  public byte[] open(ChunkId id, BlobLocation at, byte[] sealed, int off) {
    return openDecoded(id, at, sealed, off).plain();
  }

  /**
   * A decoded blob with the authenticated payload it was decoded from (its encoding byte, {@link
   * Compression#RAW} or {@link Compression#ZSTD}, then the bytes as stored). Only a reader makes
   * one, so the two always agree; a hand-over value, its arrays are not copied.
   */
  public static final class Decoded {
    private final byte[] framed;
    private final byte[] plain;

    private Decoded(byte[] framed, byte[] plain) {
      this.framed = framed;
      this.plain = plain;
    }

    /** The blob's bytes. */
    public byte[] plain() {
      return plain;
    }

    /** The payload {@link #plain} was decoded from, for {@link BlobSaver#saveDecoded}. */
    byte[] framed() {
      return framed;
    }
  }

  /**
   * Decodes a blob like {@link #open}, keeping its framed payload too: a copy into another
   * repository can store that payload again instead of compressing the plaintext a second time.
   *
   * @throws CorruptObject as {@link #open} does
   */
  public Decoded openDecoded(ChunkId id, BlobLocation at, byte[] sealed, int off) {
    checkRawLength(id, at);
    byte[] framed;
    try {
      framed =
          cipher(at.pack())
              .open(at.offset(), PackFormat.blobAad(at.type(), id), sealed, off, at.length());
    } catch (AuthenticationFailed e) {
      throw new CorruptObject(describe(id, at) + " failed authentication (modified or damaged)");
    }
    try {
      return new Decoded(
          framed, decompressors.get().unframe(framed, 0, framed.length, at.rawLength()));
    } catch (IllegalArgumentException e) {
      throw new CorruptObject(describe(id, at) + " does not decode: " + e.getMessage());
    }
  }

  /**
   * Decodes a blob like {@link #open}, into memory this thread reuses: the returned read-only
   * buffer (native memory, so a channel writes it without a copy) holds the blob's bytes only until
   * the same thread next reads a blob through this reader, by any method. For the bulk data of a
   * restore, where a new array per blob would be allocated, zeroed, copied and collected for
   * nothing.
   *
   * @throws CorruptObject as {@link #open} does
   * @throws IndexOutOfBoundsException when the blob's recorded range does not fit in {@code sealed}
   */
  public ByteBuffer openTransient(ChunkId id, BlobLocation at, byte[] sealed, int off) {
    checkRawLength(id, at);
    Objects.checkFromIndexSize(off, at.length(), sealed.length);
    int framedLength = Math.max(0, at.length() - PackCipher.TAG_BYTES);
    byte[] framed = framedScratch.get();
    if (framed.length < framedLength) {
      framed = new byte[Math.max(framedLength, framed.length + framed.length / 2)];
      framedScratch.set(framed);
    }
    try {
      cipher(at.pack())
          .openInto(
              at.offset(), PackFormat.blobAad(at.type(), id), sealed, off, at.length(), framed);
    } catch (AuthenticationFailed e) {
      throw new CorruptObject(describe(id, at) + " failed authentication (modified or damaged)");
    }
    try {
      return decompressors.get().unframeDirect(framed, 0, framedLength, at.rawLength());
    } catch (IllegalArgumentException e) {
      throw new CorruptObject(describe(id, at) + " does not decode: " + e.getMessage());
    }
  }

  private static void checkRawLength(ChunkId id, BlobLocation at) {
    if (at.rawLength() > PackFormat.MAX_BLOB_RAW) {
      throw new CorruptObject(
          describe(id, at) + ": recorded size " + at.rawLength() + " is impossible");
    }
  }

  /**
   * Authenticates and decrypts a blob without decompressing it: the encoding byte and payload, as
   * {@link Packer#add} takes them (prune moves blobs between packs this way).
   */
  public byte[] openFramed(ChunkId id, BlobLocation at, byte[] sealed, int off) {
    try {
      return cipher(at.pack())
          .open(at.offset(), PackFormat.blobAad(at.type(), id), sealed, off, at.length());
    } catch (AuthenticationFailed e) {
      throw new CorruptObject(describe(id, at) + " failed authentication (modified or damaged)");
    }
  }

  /** Reads the blobs a pack lists in its own trailer (for index recovery and check). */
  public List<IndexFile.Entry> readTrailer(PackId pack, long packSize) {
    BlobName name = packName(pack);
    if (packSize < PackFormat.HEADER_BYTES + PackFormat.FOOTER_BYTES + PackCipher.TAG_BYTES) {
      throw new CorruptObject("pack " + pack + " is too short (" + packSize + " bytes)");
    }
    int trailerLength =
        ByteBuffer.wrap(
                store.getRange(name, packSize - PackFormat.FOOTER_BYTES, PackFormat.FOOTER_BYTES))
            .getInt();
    long trailerStart = packSize - PackFormat.FOOTER_BYTES - trailerLength;
    if (trailerLength < PackCipher.TAG_BYTES + 4 || trailerStart < PackFormat.HEADER_BYTES) {
      throw new CorruptObject(
          "pack " + pack + " has an impossible trailer length " + trailerLength);
    }
    byte[] sealed = store.getRange(name, trailerStart, trailerLength);
    byte[] plain;
    try {
      plain =
          cipher(pack)
              .open(PackFormat.TRAILER_NONCE, PackFormat.TRAILER_AAD, sealed, 0, sealed.length);
    } catch (AuthenticationFailed e) {
      throw new CorruptObject("trailer of pack " + pack + " failed authentication");
    }
    try {
      return PackFormat.decodeTrailer(pack, plain, trailerStart);
    } catch (IllegalArgumentException e) {
      throw new CorruptObject("trailer of pack " + pack + " is malformed: " + e.getMessage());
    }
  }

  private PackCipher cipher(PackId pack) {
    LastCipher last = lastCipher.get();
    if (last != null && last.pack().equals(pack)) {
      return last.cipher();
    }
    PackCipher cipher = key.packCipher(salts.computeIfAbsent(pack, this::readSalt));
    lastCipher.set(new LastCipher(pack, cipher));
    return cipher;
  }

  /**
   * Whether reading {@code pack} from {@code offset} on should start at its beginning instead, to
   * take its header along: its salt is not known yet, and the header is within a gap that a range
   * read would read through anyway ({@link PackRanges#MAX_GAP}). One request instead of two, one
   * round trip less per pack from remote storage.
   */
  public boolean wantsHeaderBefore(PackId pack, long offset) {
    return offset <= PackFormat.HEADER_BYTES + PackRanges.MAX_GAP && !salts.containsKey(pack);
  }

  /**
   * Takes the header of {@code pack} from the first {@link PackFormat#HEADER_BYTES} of {@code
   * bytes}, read as part of a larger range, so that no read of its own fetches it. The header is
   * checked as when read alone; a wrong salt fails authentication of the pack's blobs either way.
   *
   * @throws CorruptObject when it is not a pack header
   */
  public void acceptHeader(PackId pack, byte[] bytes) {
    if (bytes.length < PackFormat.HEADER_BYTES) {
      throw new CorruptObject("pack " + pack + " is too short for a pack header");
    }
    salts.computeIfAbsent(pack, p -> saltOf(p, bytes));
  }

  private byte[] readSalt(PackId pack) {
    byte[] header;
    try {
      header = store.getRange(packName(pack), 0, PackFormat.HEADER_BYTES);
    } catch (NoSuchBlob e) {
      throw new CorruptObject("pack " + pack + " is missing");
    }
    return saltOf(pack, header);
  }

  private static byte[] saltOf(PackId pack, byte[] header) {
    if (!Arrays.equals(
        header, 0, PackFormat.MAGIC.length, PackFormat.MAGIC, 0, PackFormat.MAGIC.length)) {
      throw new CorruptObject("pack " + pack + " does not start with a pack header");
    }
    if (header[PackFormat.MAGIC.length] != PackFormat.VERSION) {
      throw new CorruptObject(
          "pack " + pack + " has unknown pack format version " + header[PackFormat.MAGIC.length]);
    }
    return Arrays.copyOfRange(header, PackFormat.MAGIC.length + 1, PackFormat.HEADER_BYTES);
  }

  private static String describe(ChunkId id, BlobLocation at) {
    return (at.type() == BlobType.TREE ? "tree " : "chunk ") + id + " in pack " + at.pack();
  }

  /** The storage name of a pack. */
  public static BlobName packName(PackId pack) {
    return new BlobName(BlobKind.PACK, pack.toHex());
  }
}
