package dev.holdfast.core.snapshot;

import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.SnapshotId;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The plaintext of the snapshot cache: decoded manifests in a compact binary form (docs/FORMAT.md,
 * "Snapshot cache"). Reading the cache is what a listing costs once the cache is warm, so the form
 * is small and quick to read in a fresh JVM: every distinct string once, in a table that entries
 * refer to by index (hosts, sources, applications and versions repeat across thousands of
 * snapshots), and numbers as variable-length integers. Decoding 10,000 JSON manifests costs several
 * times more.
 *
 * <p>Every field of {@link Snapshot} is written: a field added to the record must be added here and
 * {@link #VERSION} raised ({@code SnapshotCacheCodecTest} fails until it is), so that a cache never
 * lists a snapshot without a field its manifest has.
 */
final class SnapshotCacheCodec {
  /** Version of this encoding, also in the cache file's header. */
  static final int VERSION = 1;

  /**
   * The fewest bytes an entry takes: id, sealed size, time (16), three string references, four list
   * counts, the parent flag, tree, ten statistics, the program version and the copy flag.
   */
  private static final int MIN_ENTRY_BYTES = 32 + 1 + 16 + 3 + 4 + 1 + 32 + 10 + 1 + 1;

  private SnapshotCacheCodec() {}

  /** The encoding of {@code entries}. */
  static byte[] encode(Collection<SnapshotCache.Entry> entries) {
    Writer strings = new Writer(1024);
    Map<String, Integer> table = new HashMap<>();
    Writer body = new Writer(160 * entries.size() + 16);
    body.unsigned(entries.size());
    for (SnapshotCache.Entry e : entries) {
      write(body, e, s -> table.computeIfAbsent(s, k -> table.size()));
    }
    String[] ordered = new String[table.size()];
    table.forEach((s, i) -> ordered[i] = s);
    strings.unsigned(ordered.length);
    for (String s : ordered) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      strings.unsigned(utf8.length);
      strings.write(utf8, 0, utf8.length);
    }
    byte[] out = new byte[strings.size() + body.size()];
    System.arraycopy(strings.bytes(), 0, out, 0, strings.size());
    System.arraycopy(body.bytes(), 0, out, strings.size(), body.size());
    return out;
  }

  /**
   * Decodes what {@link #encode} wrote.
   *
   * @throws IllegalArgumentException when the bytes are not such an encoding
   */
  static List<SnapshotCache.Entry> decode(byte[] plain) {
    ByteBuffer in = ByteBuffer.wrap(plain);
    try {
      int stringCount = count(in, 1, "string count");
      String[] strings = new String[stringCount];
      for (int i = 0; i < stringCount; i++) {
        int length = count(in, 1, "string length");
        strings[i] = new String(plain, in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
      }
      int count = count(in, MIN_ENTRY_BYTES, "entry count");
      List<SnapshotCache.Entry> entries = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        entries.add(read(in, strings));
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " bytes after the last entry");
      }
      return entries;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("the cache ends inside an entry");
    }
  }

  /** Gives each distinct string its index in the table. */
  private interface Strings {
    int ref(String s);
  }

  private static void write(Writer out, SnapshotCache.Entry e, Strings strings) {
    Snapshot s = e.snapshot();
    out.id(s.id().w0(), s.id().w1(), s.id().w2(), s.id().w3());
    out.signed(e.sealedSize());
    out.fixed(s.time().toEpochSecond());
    out.fixed(
        ((long) s.time().getNano() << 32) | (s.time().getOffset().getTotalSeconds() & 0xffffffffL));
    out.unsigned(strings.ref(s.host()));
    out.unsigned(strings.ref(s.username()));
    out.unsigned(strings.ref(s.source()));
    writeStrings(out, s.paths(), strings);
    writeStrings(out, s.tags(), strings);
    out.unsigned(s.labels().size());
    for (Map.Entry<String, String> label : s.labels().entrySet()) {
      out.unsigned(strings.ref(label.getKey()));
      out.unsigned(strings.ref(label.getValue()));
    }
    out.unsigned(s.appVersions().size());
    for (AppVersion v : s.appVersions()) {
      out.unsigned(strings.ref(v.name()));
      out.unsigned(strings.ref(v.version()));
    }
    out.flag(s.parent().isPresent());
    if (s.parent().isPresent()) {
      SnapshotId p = s.parent().get();
      out.id(p.w0(), p.w1(), p.w2(), p.w3());
    }
    out.id(s.tree().w0(), s.tree().w1(), s.tree().w2(), s.tree().w3());
    SnapshotStats st = s.stats();
    out.signed(st.files());
    out.signed(st.directories());
    out.signed(st.filesNew());
    out.signed(st.filesChanged());
    out.signed(st.filesUnchanged());
    out.signed(st.bytesProcessed());
    out.signed(st.bytesAdded());
    out.signed(st.chunksNew());
    out.signed(st.errors());
    out.signed(st.durationMillis());
    out.unsigned(strings.ref(s.programVersion()));
    out.flag(s.copiedFrom().isPresent());
    if (s.copiedFrom().isPresent()) {
      CopiedFrom c = s.copiedFrom().get();
      out.unsigned(strings.ref(c.repository()));
      out.id(c.snapshot().w0(), c.snapshot().w1(), c.snapshot().w2(), c.snapshot().w3());
    }
  }

  private static void writeStrings(Writer out, List<String> list, Strings strings) {
    out.unsigned(list.size());
    for (String s : list) {
      out.unsigned(strings.ref(s));
    }
  }

  private static SnapshotCache.Entry read(ByteBuffer in, String[] strings) {
    SnapshotId id = new SnapshotId(in.getLong(), in.getLong(), in.getLong(), in.getLong());
    long sealedSize = signed(in);
    long epochSecond = in.getLong();
    long nanoAndOffset = in.getLong();
    OffsetDateTime time;
    try {
      ZoneOffset offset = ZoneOffset.ofTotalSeconds((int) nanoAndOffset);
      Instant instant = Instant.ofEpochSecond(epochSecond, nanoAndOffset >>> 32);
      time = OffsetDateTime.ofInstant(instant, offset);
    } catch (DateTimeException | ArithmeticException e) {
      throw new IllegalArgumentException("snapshot " + id + " has an impossible time");
    }
    String host = string(in, strings);
    String username = string(in, strings);
    String source = string(in, strings);
    List<String> paths = strings(in, strings);
    List<String> tags = strings(in, strings);
    int labelCount = count(in, 2, "label count");
    TreeMap<String, String> labels = new TreeMap<>();
    for (int i = 0; i < labelCount; i++) {
      labels.put(string(in, strings), string(in, strings));
    }
    int versionCount = count(in, 2, "app version count");
    List<AppVersion> versions = new ArrayList<>(versionCount);
    for (int i = 0; i < versionCount; i++) {
      versions.add(new AppVersion(string(in, strings), string(in, strings)));
    }
    Optional<SnapshotId> parent =
        flag(in)
            ? Optional.of(new SnapshotId(in.getLong(), in.getLong(), in.getLong(), in.getLong()))
            : Optional.empty();
    ChunkId tree = new ChunkId(in.getLong(), in.getLong(), in.getLong(), in.getLong());
    SnapshotStats stats =
        new SnapshotStats(
            signed(in),
            signed(in),
            signed(in),
            signed(in),
            signed(in),
            signed(in),
            signed(in),
            signed(in),
            signed(in),
            signed(in));
    String programVersion = string(in, strings);
    Optional<CopiedFrom> copiedFrom =
        flag(in)
            ? Optional.of(
                new CopiedFrom(
                    string(in, strings),
                    new SnapshotId(in.getLong(), in.getLong(), in.getLong(), in.getLong())))
            : Optional.empty();
    Snapshot s =
        new Snapshot(
            id,
            time,
            host,
            username,
            source,
            paths,
            tags,
            labels,
            versions,
            parent,
            tree,
            stats,
            programVersion,
            copiedFrom);
    return new SnapshotCache.Entry(s, sealedSize);
  }

  private static String string(ByteBuffer in, String[] strings) {
    int ref = unsigned(in);
    if (ref >= strings.length) {
      throw new IllegalArgumentException("string " + ref + " is not in the table");
    }
    return strings[ref];
  }

  private static List<String> strings(ByteBuffer in, String[] strings) {
    int n = count(in, 1, "list length");
    List<String> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(string(in, strings));
    }
    return list;
  }

  /** A count of items of at least {@code minBytes} each, refused when they cannot fit. */
  private static int count(ByteBuffer in, int minBytes, String what) {
    int n = unsigned(in);
    if (n > in.remaining() / minBytes) {
      throw new IllegalArgumentException(what + " " + n + " does not fit the cache");
    }
    return n;
  }

  private static boolean flag(ByteBuffer in) {
    byte b = in.get();
    if (b != 0 && b != 1) {
      throw new IllegalArgumentException("flag byte " + b + " is neither 0 nor 1");
    }
    return b == 1;
  }

  /** An unsigned LEB128 integer of at most 31 bits. */
  private static int unsigned(ByteBuffer in) {
    long v = varint(in, 5);
    if (v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("number " + v + " is too large");
    }
    return (int) v;
  }

  /** A zigzag-encoded LEB128 long. */
  private static long signed(ByteBuffer in) {
    long v = varint(in, 10);
    return (v >>> 1) ^ -(v & 1);
  }

  private static long varint(ByteBuffer in, int maxBytes) {
    long v = 0;
    for (int i = 0; i < maxBytes; i++) {
      byte b = in.get();
      v |= (long) (b & 0x7f) << (7 * i);
      if (b >= 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("a number is longer than " + maxBytes + " bytes");
  }

  /** A growing byte array with the few ways of writing this form needs. */
  private static final class Writer extends ByteArrayOutputStream {
    Writer(int size) {
      super(size);
    }

    byte[] bytes() {
      return buf;
    }

    void fixed(long v) {
      for (int shift = 56; shift >= 0; shift -= 8) {
        write((int) (v >>> shift));
      }
    }

    void id(long w0, long w1, long w2, long w3) {
      fixed(w0);
      fixed(w1);
      fixed(w2);
      fixed(w3);
    }

    void flag(boolean b) {
      write(b ? 1 : 0);
    }

    void unsigned(long v) {
      while ((v & ~0x7fL) != 0) {
        write((int) ((v & 0x7f) | 0x80));
        v >>>= 7;
      }
      write((int) v);
    }

    void signed(long v) {
      unsigned((v << 1) ^ (v >> 63));
    }
  }
}
