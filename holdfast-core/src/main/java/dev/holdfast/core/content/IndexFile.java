package dev.holdfast.core.content;

import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.Id256;
import dev.holdfast.core.id.IndexId;
import dev.holdfast.core.id.PackId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * An index file's plaintext (before the caller seals/encrypts it): the entries written by one
 * backup batch, plus the ids of index files it supersedes (used later by prune; may be empty).
 *
 * <p>The record keeps its components in canonical order, so that equal contents always encode to
 * equal bytes and {@code decode(encode(f)).equals(f)}: {@code supersedes} ascending without
 * duplicates, {@code entries} sorted by (pack, offset, chunk id, type code, length, raw length).
 * Ids order as unsigned big-endian bytes, as their {@code compareTo} does. Entries may repeat a
 * chunk id (the same chunk stored in two packs); the index keeps whichever it loads first.
 *
 * <h2>Format, version 1</h2>
 *
 * <p>All integers are unsigned and big-endian; {@code u32} values that are Java ints (offset,
 * length, raw length) must be at most 2^31-1.
 *
 * <pre>
 * size      field
 * 4         magic "HFIX" (48 46 49 58)
 * 1         version, u8 = 1
 * 4         supersedesCount S, u32
 * 32 * S    superseded index ids, ascending, distinct
 * 4         packCount P, u32
 * 32 * P    pack ids: exactly the packs the entries refer to, ascending
 * 4         entryCount E, u32
 * 49 * E    entries, sorted as above, each:
 *             32  chunk id
 *             1   blob type code, u8 ({@link BlobType#code()})
 *             4   packIndex, u32: position in the pack table
 *             4   offset, u32: first byte of the stored blob inside the pack
 *             4   length, u32: stored (ciphertext) length
 *             4   rawLength, u32: plaintext length after decompression
 * </pre>
 *
 * <p>Nothing follows the last entry. {@link #decode} checks every structural rule above but accepts
 * components in any order (it does not insist on the canonical order, which only determinism
 * needs).
 */
public record IndexFile(List<IndexId> supersedes, List<Entry> entries) {

  /** One chunk id and where its blob is stored. */
  public record Entry(ChunkId id, BlobLocation location) {
    /** Rejects a missing id or location. */
    public Entry {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(location, "location");
    }
  }

  private static final byte[] MAGIC = "HFIX".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final int COUNT_BYTES = Integer.BYTES;
  private static final int ENTRY_BYTES = Id256.BYTES + 1 + 4 * Integer.BYTES;
  private static final int NO_ENTRY = -1;

  private static final Comparator<Entry> CANONICAL_ORDER =
      Comparator.comparing((Entry e) -> e.location().pack())
          .thenComparingInt(e -> e.location().offset())
          .thenComparing(Entry::id)
          .thenComparingInt(e -> e.location().type().code())
          .thenComparingInt(e -> e.location().length())
          .thenComparingInt(e -> e.location().rawLength());

  /** Copies both lists into canonical order; rejects null lists and null elements. */
  public IndexFile {
    Objects.requireNonNull(supersedes, "supersedes");
    Objects.requireNonNull(entries, "entries");
    supersedes = List.copyOf(new TreeSet<>(List.copyOf(supersedes)));
    Entry[] sorted = entries.toArray(new Entry[0]);
    for (Entry e : sorted) {
      Objects.requireNonNull(e, "entry");
    }
    Arrays.sort(sorted, CANONICAL_ORDER);
    entries = List.of(sorted);
  }

  /**
   * The format described above.
   *
   * @throws IllegalStateException if the encoding would not fit in a byte array (about 43 million
   *     entries)
   */
  public byte[] encode() {
    List<PackId> packTable = new ArrayList<>();
    Map<PackId, Integer> packIndex = new HashMap<>();
    for (Entry e : entries) {
      // Entries are sorted by pack, so the table comes out ascending and distinct.
      packIndex.computeIfAbsent(
          e.location().pack(),
          p -> {
            packTable.add(p);
            return packTable.size() - 1;
          });
    }
    long total =
        MAGIC.length
            + 1
            + COUNT_BYTES
            + (long) Id256.BYTES * supersedes.size()
            + COUNT_BYTES
            + (long) Id256.BYTES * packTable.size()
            + COUNT_BYTES
            + (long) ENTRY_BYTES * entries.size();
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(
          "index file with " + entries.size() + " entries is too large to encode");
    }
    byte[] out = new byte[(int) total];
    ByteBuffer b = ByteBuffer.wrap(out);
    b.put(MAGIC).put((byte) VERSION);
    b.putInt(supersedes.size());
    for (IndexId id : supersedes) {
      id.writeTo(out, b.position());
      b.position(b.position() + Id256.BYTES);
    }
    b.putInt(packTable.size());
    for (PackId id : packTable) {
      id.writeTo(out, b.position());
      b.position(b.position() + Id256.BYTES);
    }
    b.putInt(entries.size());
    for (Entry e : entries) {
      e.id().writeTo(out, b.position());
      b.position(b.position() + Id256.BYTES);
      BlobLocation l = e.location();
      b.put(l.type().code());
      b.putInt(packIndex.get(l.pack()));
      b.putInt(l.offset()).putInt(l.length()).putInt(l.rawLength());
    }
    return out;
  }

  /**
   * Parses the format described above. Hostile input: validates magic, version, counts against
   * remaining length before allocating, pack references in range, non-negative ints; {@link
   * IllegalArgumentException} with a message naming what is wrong and the byte offset.
   */
  public static IndexFile decode(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    Reader r = new Reader(bytes);
    r.need(MAGIC.length, NO_ENTRY, "magic");
    if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw r.failure(0, "bad magic, not an index file");
    }
    r.skip(MAGIC.length, NO_ENTRY, "magic");
    int versionAt = r.position();
    int version = r.u8(NO_ENTRY, "version");
    if (version != VERSION) {
      throw r.failure(
          versionAt, "unsupported version " + version + " (this reader knows " + VERSION + ")");
    }

    int supersedesCount = r.count("supersedes count", Id256.BYTES);
    List<IndexId> supersedes = new ArrayList<>(supersedesCount);
    for (int i = 0; i < supersedesCount; i++) {
      supersedes.add(IndexId.of(bytes, r.skip(Id256.BYTES, NO_ENTRY, "superseded index id")));
    }

    int packCount = r.count("pack count", Id256.BYTES);
    PackId[] packs = new PackId[packCount];
    for (int i = 0; i < packCount; i++) {
      packs[i] = PackId.of(bytes, r.skip(Id256.BYTES, NO_ENTRY, "pack id"));
    }

    int entryCount = r.count("entry count", ENTRY_BYTES);
    List<Entry> entries = new ArrayList<>(entryCount);
    for (int i = 0; i < entryCount; i++) {
      ChunkId id = ChunkId.of(bytes, r.skip(Id256.BYTES, i, "chunk id"));
      int typeAt = r.position();
      int typeCode = r.u8(i, "blob type");
      BlobType type;
      try {
        type = BlobType.fromCode(typeCode);
      } catch (IllegalArgumentException e) {
        throw r.failure(typeAt, "entry " + i + " has unknown blob type code " + typeCode);
      }
      int packAt = r.position();
      long packIndex = r.u32(i, "pack index");
      if (packIndex >= packCount) {
        throw r.failure(
            packAt,
            "entry " + i + " refers to pack " + packIndex + " but the table has " + packCount);
      }
      int offset = r.nonNegativeInt(i, "offset");
      int length = r.nonNegativeInt(i, "length");
      int rawLength = r.nonNegativeInt(i, "raw length");
      entries.add(
          new Entry(id, new BlobLocation(packs[(int) packIndex], type, offset, length, rawLength)));
    }
    if (r.remaining() > 0) {
      throw r.failure(r.position(), r.remaining() + " trailing bytes after the last entry");
    }
    return new IndexFile(supersedes, entries);
  }

  /** Bounds-checked big-endian cursor whose failures name the byte offset. */
  private static final class Reader {
    private final byte[] bytes;
    private int pos;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    int position() {
      return pos;
    }

    int remaining() {
      return bytes.length - pos;
    }

    void need(int n, int entry, String what) {
      if (remaining() < n) {
        throw failure(
            pos,
            "truncated: "
                + label(entry, what)
                + " needs "
                + n
                + " bytes but "
                + remaining()
                + " remain");
      }
    }

    /** Advances past {@code n} bytes that must be present; returns where they start. */
    int skip(int n, int entry, String what) {
      need(n, entry, what);
      int at = pos;
      pos += n;
      return at;
    }

    int u8(int entry, String what) {
      need(1, entry, what);
      return bytes[pos++] & 0xFF;
    }

    long u32(int entry, String what) {
      need(Integer.BYTES, entry, what);
      long v =
          ((bytes[pos] & 0xFFL) << 24)
              | ((bytes[pos + 1] & 0xFFL) << 16)
              | ((bytes[pos + 2] & 0xFFL) << 8)
              | (bytes[pos + 3] & 0xFFL);
      pos += Integer.BYTES;
      return v;
    }

    int nonNegativeInt(int entry, String what) {
      int at = pos;
      long v = u32(entry, what);
      if (v > Integer.MAX_VALUE) {
        throw failure(at, label(entry, what) + " " + v + " exceeds 2^31-1");
      }
      return (int) v;
    }

    /** A count of elements of {@code elementBytes} each, checked against the bytes left. */
    int count(String what, int elementBytes) {
      int at = pos;
      long n = u32(NO_ENTRY, what);
      if (n > remaining() / elementBytes) {
        throw failure(
            at,
            what
                + " "
                + n
                + " needs "
                + n * elementBytes
                + " bytes but only "
                + remaining()
                + " remain");
      }
      return (int) n;
    }

    // Labels are built only on failure, not once per field of every entry.
    private static String label(int entry, String what) {
      return entry == NO_ENTRY ? what : "entry " + entry + " " + what;
    }

    IllegalArgumentException failure(int offset, String message) {
      return new IllegalArgumentException("index file: " + message + " at byte offset " + offset);
    }
  }
}
