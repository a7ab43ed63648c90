package dev.holdfast.sast.posture;

import dev.holdfast.core.cache.SealedCacheFile;
import dev.holdfast.core.repository.Repository;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A local cache of the {@link FindingMarks} of stored reports, keyed by report name, so that
 * judging many versions reads one small local file instead of opening, decompressing and decoding
 * every report (docs/DESIGN.md, "Report cache"; docs/FORMAT.md, "Report cache"). A report's name is
 * a keyed hash of its version and its bytes and a report is never rewritten, so an entry cannot be
 * stale; what may change is which reports exist, and that the storage listing decides on every use.
 * Waivers are not cached: verdicts are computed from the current ones. The file is a {@link
 * SealedCacheFile} under its own subkey: never trusted, never fatal.
 */
final class ReportMarksCache {
  /** The file's name inside the repository's cache folder. */
  static final String FILE_NAME = "reports";

  /** Version of the encoding, also in the file's header. */
  static final int VERSION = 1;

  /** Hex digits in a report's name. */
  private static final int NAME_HEX = 64;

  /** The fewest bytes an entry takes: name, sealed size, finding count. */
  private static final int MIN_ENTRY_BYTES = NAME_HEX / 2 + 1 + 1;

  /** Bytes of one finding: id, severity, flags. */
  private static final int MARK_BYTES = 8 + 1 + 1;

  /** One cached report: the size of its sealed blob in storage and the marks of its findings. */
  record Entry(long sealedSize, FindingMarks marks) {
    Entry {
      Objects.requireNonNull(marks, "marks");
    }
  }

  private final SealedCacheFile file;

  private ReportMarksCache(SealedCacheFile file) {
    this.file = file;
  }

  /** The cache of {@code repo}, or empty when the repository uses no local cache. */
  static Optional<ReportMarksCache> of(Repository repo) {
    return repo.cacheFile(FILE_NAME, "report cache", "HFRM", VERSION).map(ReportMarksCache::new);
  }

  /** The cached entries by report name; empty when there are none or they cannot be used. */
  Map<String, Entry> read() {
    Optional<byte[]> plain = file.read();
    if (plain.isEmpty()) {
      return Map.of();
    }
    try {
      return decode(plain.get());
    } catch (IllegalArgumentException e) {
      file.ignored(e.getMessage());
      return Map.of();
    }
  }

  /** Replaces the cache with {@code entries}. */
  void write(Map<String, Entry> entries) {
    file.write(encode(entries), entries.size() + " reports");
  }

  /** The encoding of {@code entries} (docs/FORMAT.md, "Report cache"). */
  static byte[] encode(Map<String, Entry> entries) {
    int marks = entries.values().stream().mapToInt(e -> e.marks().size()).sum();
    Writer out = new Writer(16 + entries.size() * (MIN_ENTRY_BYTES + 10) + marks * MARK_BYTES);
    out.unsigned(entries.size());
    HexFormat hex = HexFormat.of();
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      byte[] name = hex.parseHex(e.getKey());
      if (name.length != NAME_HEX / 2) {
        throw new IllegalArgumentException("'" + e.getKey() + "' is not a report name");
      }
      out.write(name, 0, name.length);
      out.unsigned(e.getValue().sealedSize());
      FindingMarks m = e.getValue().marks();
      out.unsigned(m.size());
      for (int i = 0; i < m.size(); i++) {
        long id = m.id(i);
        for (int shift = 56; shift >= 0; shift -= 8) {
          out.write((int) (id >>> shift));
        }
        out.write(m.severity(i).ordinal());
        out.write(m.flags(i));
      }
    }
    return out.toByteArray();
  }

  /**
   * Decodes what {@link #encode} wrote.
   *
   * @throws IllegalArgumentException when the bytes are not such an encoding
   */
  static Map<String, Entry> decode(byte[] plain) {
    ByteBuffer in = ByteBuffer.wrap(plain);
    HexFormat hex = HexFormat.of();
    try {
      int count = count(in, MIN_ENTRY_BYTES, "report count");
      Map<String, Entry> entries = new HashMap<>(count * 2);
      byte[] name = new byte[NAME_HEX / 2];
      for (int e = 0; e < count; e++) {
        in.get(name);
        String key = hex.formatHex(name);
        long sealedSize = varint(in);
        int n = count(in, MARK_BYTES, "finding count");
        long[] ids = new long[n];
        byte[] severities = new byte[n];
        byte[] flags = new byte[n];
        for (int i = 0; i < n; i++) {
          ids[i] = in.getLong();
          severities[i] = in.get();
          flags[i] = in.get();
        }
        if (entries.put(key, new Entry(sealedSize, FindingMarks.decoded(ids, severities, flags)))
            != null) {
          throw new IllegalArgumentException("report " + key.substring(32, 44) + " repeats");
        }
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " bytes after the last report");
      }
      return entries;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("the cache ends inside a report");
    }
  }

  /** A count of items of at least {@code minBytes} each, refused when they cannot fit. */
  private static int count(ByteBuffer in, int minBytes, String what) {
    long n = varint(in);
    if (n > in.remaining() / minBytes) {
      throw new IllegalArgumentException(what + " " + n + " does not fit the cache");
    }
    return (int) n;
  }

  /** An unsigned LEB128 number of at most 63 bits. */
  private static long varint(ByteBuffer in) {
    long v = 0;
    for (int i = 0; i < 9; i++) {
      byte b = in.get();
      v |= (long) (b & 0x7f) << (7 * i);
      if (b >= 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("a number is longer than 9 bytes");
  }

  /** A growing byte array that writes unsigned LEB128 numbers. */
  private static final class Writer extends ByteArrayOutputStream {
    Writer(int size) {
      super(size);
    }

    void unsigned(long v) {
      if (v < 0) {
        throw new IllegalArgumentException("negative number " + v);
      }
      while ((v & ~0x7fL) != 0) {
        write((int) ((v & 0x7f) | 0x80));
        v >>>= 7;
      }
      write((int) v);
    }
  }
}
