package dev.holdfast.core.copy;

import dev.holdfast.core.id.ChunkId;

/**
 * A bounded map from one id to another, kept in one flat {@code long[]} (64 bytes per slot: the two
 * ids' eight words, no objects), that copy uses to remember translations from source ids to
 * destination ids. Slots form buckets of eight; a key may live in either of two buckets chosen by
 * two words of the id (ids are keyed hashes, so their words are uniform), and goes to the emptier
 * one. The table starts small and doubles while it is at most half full, up to {@code maxEntries}
 * slots; after that a new entry overwrites an old one in its buckets. Forgetting a translation is
 * safe: it only costs reading that chunk or tree again. Thread-safe (every method is synchronized;
 * each call is a few array reads).
 */
final class IdMemo {
  /** Bytes one slot takes: two 256-bit ids. */
  static final int BYTES_PER_ENTRY = 64;

  private static final int WORDS = 8;
  private static final int BUCKET = 8;
  private static final int FIRST_SLOTS = 1024;
  private static final int MAX_SLOTS = 1 << 26;
  private static final long FIBONACCI = 0x9E3779B97F4A7C15L;

  private final int maxSlots;
  private long[] table;
  private int slots;
  private int size;
  private int victim;

  /** A memo of at most {@code maxEntries} entries (rounded up to a power of two, at least 16). */
  IdMemo(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("a memo needs room for at least one entry");
    }
    int max = Math.min(maxEntries, MAX_SLOTS);
    this.maxSlots = Math.max(2 * BUCKET, Integer.highestOneBit(max - 1) << 1);
    this.slots = Math.min(FIRST_SLOTS, maxSlots);
    this.table = new long[slots * WORDS];
  }

  /** The value remembered for {@code key}, or null. */
  synchronized ChunkId get(ChunkId key) {
    int at = find(bucket(key.w0()), key);
    if (at < 0) {
      at = find(bucket(key.w1()), key);
    }
    if (at < 0) {
      return null;
    }
    return new ChunkId(table[at + 4], table[at + 5], table[at + 6], table[at + 7]);
  }

  /** Remembers {@code key -> value}, forgetting an older entry when the memo is full. */
  synchronized void put(ChunkId key, ChunkId value) {
    if (isEmptyKey(key.w0(), key.w1(), key.w2(), key.w3())) {
      // The all-zero key marks an empty slot; an id of 256 zero bits is not worth a special case.
      return;
    }
    if (size >= slots / 2 && slots < maxSlots) {
      grow();
    }
    while (!insert(key, value)) {
      if (slots < maxSlots) {
        grow();
      } else {
        victim = (victim + 1) % (2 * BUCKET);
        int bucket = bucket(victim < BUCKET ? key.w0() : key.w1());
        write((bucket + victim % BUCKET) * WORDS, key, value);
        return;
      }
    }
  }

  /** How many entries are remembered. */
  synchronized int size() {
    return size;
  }

  /** How many slots are allocated (each {@link #BYTES_PER_ENTRY} bytes). */
  synchronized int slots() {
    return slots;
  }

  /** The first slot of the bucket a word of the id chooses. */
  private int bucket(long word) {
    int buckets = slots / BUCKET;
    return ((int) ((word * FIBONACCI) >>> 32) & (buckets - 1)) * BUCKET;
  }

  /** The array offset of {@code key} in the bucket starting at slot {@code first}, or -1. */
  private int find(int first, ChunkId key) {
    for (int s = first; s < first + BUCKET; s++) {
      int base = s * WORDS;
      if (isEmptyKey(table[base], table[base + 1], table[base + 2], table[base + 3])) {
        return -1;
      }
      if (table[base] == key.w0()
          && table[base + 1] == key.w1()
          && table[base + 2] == key.w2()
          && table[base + 3] == key.w3()) {
        return base;
      }
    }
    return -1;
  }

  /** Slots in use in the bucket starting at slot {@code first} (they fill from the front). */
  private int used(int first) {
    int n = 0;
    while (n < BUCKET) {
      int base = (first + n) * WORDS;
      if (isEmptyKey(table[base], table[base + 1], table[base + 2], table[base + 3])) {
        break;
      }
      n++;
    }
    return n;
  }

  private boolean insert(ChunkId key, ChunkId value) {
    int first = bucket(key.w0());
    int second = bucket(key.w1());
    int at = find(first, key);
    if (at < 0) {
      at = find(second, key);
    }
    if (at >= 0) {
      write(at, key, value);
      return true;
    }
    int a = used(first);
    int b = used(second);
    if (Math.min(a, b) == BUCKET) {
      return false;
    }
    write((a <= b ? first + a : second + b) * WORDS, key, value);
    size++;
    return true;
  }

  /** Doubles the table (more if a bucket overflows while rehashing, room permitting). */
  private void grow() {
    long[] old = table;
    int target = slots * 2;
    while (!rehash(old, target) && target < maxSlots) {
      target *= 2;
    }
  }

  /** Moves the entries of {@code old} into a new table of {@code n} slots; false if one is lost. */
  private boolean rehash(long[] old, int n) {
    slots = n;
    table = new long[n * WORDS];
    size = 0;
    boolean all = true;
    for (int base = 0; base < old.length; base += WORDS) {
      if (!isEmptyKey(old[base], old[base + 1], old[base + 2], old[base + 3])) {
        all &=
            insert(
                new ChunkId(old[base], old[base + 1], old[base + 2], old[base + 3]),
                new ChunkId(old[base + 4], old[base + 5], old[base + 6], old[base + 7]));
      }
    }
    return all;
  }

  private void write(int base, ChunkId key, ChunkId value) {
    table[base] = key.w0();
    table[base + 1] = key.w1();
    table[base + 2] = key.w2();
    table[base + 3] = key.w3();
    table[base + 4] = value.w0();
    table[base + 5] = value.w1();
    table[base + 6] = value.w2();
    table[base + 7] = value.w3();
  }

  private static boolean isEmptyKey(long w0, long w1, long w2, long w3) {
    return w0 == 0 && w1 == 0 && w2 == 0 && w3 == 0;
  }
}
