package dev.holdfast.core.content;

import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.PackId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;

/**
 * Compact, thread-safe map from {@link ChunkId} to {@link BlobLocation}: the repository's in-memory
 * index, which must hold millions of entries, so it keeps them in primitive arrays (under 64 bytes
 * per entry, about 57 at a million entries) instead of objects.
 *
 * <p><b>Layout.</b> Entries are appended in insertion order to pages of 8192 entries; each page is
 * a {@code long[]} with the four words of each id and an {@code int[]} with four ints per entry:
 * pack ordinal (with the blob type code in the top bit), offset, length and raw length. That is 48
 * bytes per entry. Fixed-size pages mean growth never copies the entries (only the first page
 * starts small and doubles up to a full page), so capacity exceeds size by at most one page. An
 * open-addressing {@code int[]} table with linear probing maps a hash of the id to entry index + 1
 * (0 = empty); it doubles and is rebuilt when more than 70% full, so it costs 5.7 to 11.4 bytes per
 * entry. Pack ids are stored once per pack, not per entry. Entries are never removed: prune builds
 * a new index.
 *
 * <p><b>Locking.</b> One {@link ReentrantReadWriteLock} (non-fair) guards all state. Lookups,
 * {@link #forEach}, {@link #packs} and the size queries take the read lock, so they run in parallel
 * and never block each other; {@link #add} takes the write lock and excludes everything else for
 * the short time of one insertion (longer when the table is rebuilt). A waiting writer makes new
 * readers wait behind it, which keeps writers from starving.
 */
public final class ChunkIndex implements BlobLookup {

  private static final int PAGE_SHIFT = 13;
  private static final int PAGE_ENTRIES = 1 << PAGE_SHIFT;
  private static final int PAGE_MASK = PAGE_ENTRIES - 1;
  private static final int FIRST_PAGE_ENTRIES = 16;
  private static final int KEY_WORDS = 4;
  private static final int META_INTS = 4;
  private static final int META_PACK = 0;
  private static final int META_OFFSET = 1;
  private static final int META_LENGTH = 2;
  private static final int META_RAW_LENGTH = 3;

  // Two blob types fit in one bit; a third type would need a wider field (and fewer packs).
  private static final int TYPE_SHIFT = 31;
  private static final int ORDINAL_MASK = ~(1 << TYPE_SHIFT);

  private static final double MAX_LOAD = 0.7;
  private static final int MIN_TABLE_BITS = 4;
  private static final int MAX_TABLE_BITS = 30;
  private static final int MAX_ENTRIES = (int) ((1 << MAX_TABLE_BITS) * MAX_LOAD);
  private static final long FIBONACCI = 0x9E3779B97F4A7C15L;

  // memoryBytes() estimates: array header, compressed reference, and one pack's share of the pack
  // table (PackId object, HashMap node, boxed Integer, list and hash-table slots).
  private static final long ARRAY_HEADER_BYTES = 16;
  private static final long REFERENCE_BYTES = 4;
  private static final long PACK_BYTES = 112;

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  // All fields below are guarded by lock.
  private long[][] keyPages = new long[0][];
  private int[][] metaPages = new int[0][];
  private int pageCount;
  private int size;
  private int[] table = new int[1 << MIN_TABLE_BITS];
  private int tableShift = Long.SIZE - MIN_TABLE_BITS;
  private int growAt = (int) (table.length * MAX_LOAD);
  private final List<PackId> packList = new ArrayList<>();
  private final Map<PackId, Integer> packOrdinals = new HashMap<>();

  /** An empty index. */
  public ChunkIndex() {}

  /** Where the blob with this id is stored, or empty if the index does not know it. */
  @Override
  public Optional<BlobLocation> get(ChunkId id) {
    Objects.requireNonNull(id, "id");
    lock.readLock().lock();
    try {
      int found = find(id);
      return found >= 0 ? Optional.of(locationAt(found)) : Optional.empty();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The entry number of {@code id}, or -1 when absent. Entries are numbered from 0 in the order
   * they were added and never move, so callers can keep a bit per entry (prune's marks) instead of
   * a set of ids.
   */
  public int ordinalOf(ChunkId id) {
    Objects.requireNonNull(id, "id");
    lock.readLock().lock();
    try {
      int found = find(id);
      return found >= 0 ? found : -1;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Whether the index knows this id. */
  public boolean contains(ChunkId id) {
    Objects.requireNonNull(id, "id");
    lock.readLock().lock();
    try {
      return find(id) >= 0;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Adds if absent; returns false (and keeps the existing entry) if present.
   *
   * @throws IllegalStateException if the index already holds its maximum of about 750 million
   *     entries
   */
  public boolean add(ChunkId id, BlobLocation location) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(location, "location");
    lock.writeLock().lock();
    try {
      int found = find(id);
      if (found >= 0) {
        return false;
      }
      if (size == MAX_ENTRIES) {
        throw new IllegalStateException("chunk index is full at " + size + " entries");
      }
      int index = size;
      ensureCapacityFor(index);
      int ordinal = packOrdinal(location.pack());
      long[] keys = keyPages[index >>> PAGE_SHIFT];
      int k = (index & PAGE_MASK) * KEY_WORDS;
      keys[k] = id.w0();
      keys[k + 1] = id.w1();
      keys[k + 2] = id.w2();
      keys[k + 3] = id.w3();
      int[] meta = metaPages[index >>> PAGE_SHIFT];
      int m = (index & PAGE_MASK) * META_INTS;
      meta[m + META_PACK] = ordinal | (location.type().code() << TYPE_SHIFT);
      meta[m + META_OFFSET] = location.offset();
      meta[m + META_LENGTH] = location.length();
      meta[m + META_RAW_LENGTH] = location.rawLength();
      table[-found - 1] = index + 1;
      size = index + 1;
      if (size > growAt) {
        growTable();
      }
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Number of entries. */
  public int size() {
    lock.readLock().lock();
    try {
      return size;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Number of distinct packs that entries point into. */
  public int packCount() {
    lock.readLock().lock();
    try {
      return packList.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** A snapshot copy of the distinct packs that entries point into. */
  public Set<PackId> packs() {
    lock.readLock().lock();
    try {
      return Set.copyOf(packList);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Calls the visitor for every entry, in insertion order, under the read lock: the visitor must
   * not call back into this index (an {@link #add} would deadlock) and should be quick, since
   * writers wait until it returns.
   */
  public void forEach(BiConsumer<ChunkId, BlobLocation> visitor) {
    Objects.requireNonNull(visitor, "visitor");
    lock.readLock().lock();
    try {
      for (int i = 0; i < size; i++) {
        long[] keys = keyPages[i >>> PAGE_SHIFT];
        int k = (i & PAGE_MASK) * KEY_WORDS;
        visitor.accept(new ChunkId(keys[k], keys[k + 1], keys[k + 2], keys[k + 3]), locationAt(i));
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Approximate heap bytes held by the index: its arrays at their current capacity (assuming
   * 16-byte array headers and 4-byte references) plus an estimate of 112 bytes per pack for the
   * pack table. Capacity, not size, is counted, so the figure is honest right after a resize; the
   * paged layout keeps it under 64 bytes per entry from 100,000 entries up (measured with 1,000
   * packs: at most 62.7, at 100,000 entries; 56.9 at one million).
   */
  public long memoryBytes() {
    lock.readLock().lock();
    try {
      long bytes = arrayBytes(table.length, Integer.BYTES);
      bytes += arrayBytes(keyPages.length, REFERENCE_BYTES);
      bytes += arrayBytes(metaPages.length, REFERENCE_BYTES);
      for (int p = 0; p < pageCount; p++) {
        bytes += arrayBytes(keyPages[p].length, Long.BYTES);
        bytes += arrayBytes(metaPages[p].length, Integer.BYTES);
      }
      return bytes + PACK_BYTES * packList.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  private static long arrayBytes(int length, long elementBytes) {
    return ARRAY_HEADER_BYTES + length * elementBytes;
  }

  /**
   * The entry index holding {@code id} if present; otherwise {@code -(slot + 1)} where slot is the
   * empty table slot at which the id would be inserted.
   */
  private int find(ChunkId id) {
    long w0 = id.w0();
    long w1 = id.w1();
    long w2 = id.w2();
    long w3 = id.w3();
    int mask = table.length - 1;
    int slot = slotOf(w0, w1, w2, w3);
    while (true) {
      int stored = table[slot];
      if (stored == 0) {
        return -(slot + 1);
      }
      int index = stored - 1;
      long[] keys = keyPages[index >>> PAGE_SHIFT];
      int k = (index & PAGE_MASK) * KEY_WORDS;
      if (keys[k] == w0 && keys[k + 1] == w1 && keys[k + 2] == w2 && keys[k + 3] == w3) {
        return index;
      }
      slot = (slot + 1) & mask;
    }
  }

  /**
   * Home slot of an id. Real ids are uniformly random HMAC outputs, so the first word alone would
   * do; folding in all four words and multiplying (Fibonacci hashing, top bits) keeps structured
   * ids, such as those tests and tools make up, from piling into one probe run.
   */
  private int slotOf(long w0, long w1, long w2, long w3) {
    long h = ((w0 * 31 + w1) * 31 + w2) * 31 + w3;
    return (int) ((h * FIBONACCI) >>> tableShift);
  }

  private void growTable() {
    int bits = Long.SIZE - tableShift + 1;
    int[] grown = new int[1 << bits];
    table = grown;
    tableShift = Long.SIZE - bits;
    growAt = (int) (grown.length * MAX_LOAD);
    int mask = grown.length - 1;
    for (int i = 0; i < size; i++) {
      long[] keys = keyPages[i >>> PAGE_SHIFT];
      int k = (i & PAGE_MASK) * KEY_WORDS;
      int slot = slotOf(keys[k], keys[k + 1], keys[k + 2], keys[k + 3]);
      while (grown[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      grown[slot] = i + 1;
    }
  }

  private void ensureCapacityFor(int index) {
    int page = index >>> PAGE_SHIFT;
    if (page < pageCount) {
      // Only the first page is ever allocated short; double it until it is a full page.
      int capacity = metaPages[page].length / META_INTS;
      if ((index & PAGE_MASK) >= capacity) {
        int grown = Math.min(PAGE_ENTRIES, capacity * 2);
        keyPages[page] = Arrays.copyOf(keyPages[page], grown * KEY_WORDS);
        metaPages[page] = Arrays.copyOf(metaPages[page], grown * META_INTS);
      }
      return;
    }
    if (pageCount == keyPages.length) {
      int slots = Math.max(4, pageCount * 2);
      keyPages = Arrays.copyOf(keyPages, slots);
      metaPages = Arrays.copyOf(metaPages, slots);
    }
    int entries = page == 0 ? FIRST_PAGE_ENTRIES : PAGE_ENTRIES;
    keyPages[page] = new long[entries * KEY_WORDS];
    metaPages[page] = new int[entries * META_INTS];
    pageCount++;
  }

  private int packOrdinal(PackId pack) {
    Integer ordinal = packOrdinals.get(pack);
    if (ordinal != null) {
      return ordinal;
    }
    // Fits the 31-bit ordinal field: there are never more packs than entries (MAX_ENTRIES).
    int next = packList.size();
    packList.add(pack);
    packOrdinals.put(pack, next);
    return next;
  }

  private BlobLocation locationAt(int index) {
    int[] meta = metaPages[index >>> PAGE_SHIFT];
    int m = (index & PAGE_MASK) * META_INTS;
    int packAndType = meta[m + META_PACK];
    return new BlobLocation(
        packList.get(packAndType & ORDINAL_MASK),
        BlobType.fromCode(packAndType >>> TYPE_SHIFT),
        meta[m + META_OFFSET],
        meta[m + META_LENGTH],
        meta[m + META_RAW_LENGTH]);
  }
}
