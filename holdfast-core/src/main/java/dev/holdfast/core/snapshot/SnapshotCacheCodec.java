package dev.holdfast.core.snapshot;

import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.SnapshotId;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The plaintext of the snapshot cache: decoded manifests in a compact binary form (docs/FORMAT.md,
 * "Snapshot cache"). Binary rather than the manifests' JSON because reading the cache is what a
 * listing costs once the cache is warm, and decoding 10,000 JSON manifests in a fresh JVM costs
 * several times more than this.
 *
 * <p>Every field of {@link Snapshot} is written: a field added to the record must be added here and
 * {@link #VERSION} raised ({@code SnapshotCacheCodecTest} fails until it is), so that a cache never
 * lists a snapshot without a field its manifest has.
 */
final class SnapshotCacheCodec {
  /** Version of this encoding, also in the cache file's header. */
  static final int VERSION = 1;

  /**
   * The fewest bytes an entry takes: id, sealed size, time (16), three empty strings, four empty
   * lists, the parent flag, tree, statistics (80), an empty program version and the copy flag.
   */
  private static final int MIN_ENTRY_BYTES = 32 + 8 + 16 + 3 * 4 + 4 * 4 + 1 + 32 + 80 + 4 + 1;

  private SnapshotCacheCodec() {}

  /** The encoding of {@code entries}. */
  static byte[] encode(Collection<SnapshotCache.Entry> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * entries.size() + 4);
    DataOutputStream out = new DataOutputStream(bytes);
    try {
      out.writeInt(entries.size());
      for (SnapshotCache.Entry e : entries) {
        write(out, e);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("a byte array output failed", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes what {@link #encode} wrote.
   *
   * @throws IllegalArgumentException when the bytes are not such an encoding
   */
  static List<SnapshotCache.Entry> decode(byte[] plain) {
    ByteBuffer in = ByteBuffer.wrap(plain);
    try {
      int count = in.getInt();
      if (count < 0 || count > in.remaining() / MIN_ENTRY_BYTES) {
        throw new IllegalArgumentException("entry count " + count + " does not fit the cache");
      }
      List<SnapshotCache.Entry> entries = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        entries.add(read(in));
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " bytes after the last entry");
      }
      return entries;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("the cache ends inside an entry");
    }
  }

  private static void write(DataOutputStream out, SnapshotCache.Entry e) throws IOException {
    Snapshot s = e.snapshot();
    writeId(out, s.id().w0(), s.id().w1(), s.id().w2(), s.id().w3());
    out.writeLong(e.sealedSize());
    out.writeLong(s.time().toEpochSecond());
    out.writeInt(s.time().getNano());
    out.writeInt(s.time().getOffset().getTotalSeconds());
    writeString(out, s.host());
    writeString(out, s.username());
    writeString(out, s.source());
    writeStrings(out, s.paths());
    writeStrings(out, s.tags());
    out.writeInt(s.labels().size());
    for (Map.Entry<String, String> label : s.labels().entrySet()) {
      writeString(out, label.getKey());
      writeString(out, label.getValue());
    }
    out.writeInt(s.appVersions().size());
    for (AppVersion v : s.appVersions()) {
      writeString(out, v.name());
      writeString(out, v.version());
    }
    out.writeBoolean(s.parent().isPresent());
    if (s.parent().isPresent()) {
      SnapshotId p = s.parent().get();
      writeId(out, p.w0(), p.w1(), p.w2(), p.w3());
    }
    writeId(out, s.tree().w0(), s.tree().w1(), s.tree().w2(), s.tree().w3());
    SnapshotStats st = s.stats();
    for (long n :
        new long[] {
          st.files(),
          st.directories(),
          st.filesNew(),
          st.filesChanged(),
          st.filesUnchanged(),
          st.bytesProcessed(),
          st.bytesAdded(),
          st.chunksNew(),
          st.errors(),
          st.durationMillis()
        }) {
      out.writeLong(n);
    }
    writeString(out, s.programVersion());
    out.writeBoolean(s.copiedFrom().isPresent());
    if (s.copiedFrom().isPresent()) {
      CopiedFrom c = s.copiedFrom().get();
      writeString(out, c.repository());
      SnapshotId o = c.snapshot();
      writeId(out, o.w0(), o.w1(), o.w2(), o.w3());
    }
  }

  private static SnapshotCache.Entry read(ByteBuffer in) {
    SnapshotId id = new SnapshotId(in.getLong(), in.getLong(), in.getLong(), in.getLong());
    long sealedSize = in.getLong();
    long epochSecond = in.getLong();
    int nano = in.getInt();
    int offsetSeconds = in.getInt();
    OffsetDateTime time;
    try {
      ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetSeconds);
      time = OffsetDateTime.ofInstant(Instant.ofEpochSecond(epochSecond, nano), offset);
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException("snapshot " + id + " has an impossible time");
    }
    String host = readString(in);
    String username = readString(in);
    String source = readString(in);
    List<String> paths = readStrings(in);
    List<String> tags = readStrings(in);
    int labelCount = count(in);
    TreeMap<String, String> labels = new TreeMap<>();
    for (int i = 0; i < labelCount; i++) {
      labels.put(readString(in), readString(in));
    }
    int versionCount = count(in);
    List<AppVersion> versions = new ArrayList<>(versionCount);
    for (int i = 0; i < versionCount; i++) {
      versions.add(new AppVersion(readString(in), readString(in)));
    }
    Optional<SnapshotId> parent =
        flag(in)
            ? Optional.of(new SnapshotId(in.getLong(), in.getLong(), in.getLong(), in.getLong()))
            : Optional.empty();
    ChunkId tree = new ChunkId(in.getLong(), in.getLong(), in.getLong(), in.getLong());
    SnapshotStats stats =
        new SnapshotStats(
            in.getLong(),
            in.getLong(),
            in.getLong(),
            in.getLong(),
            in.getLong(),
            in.getLong(),
            in.getLong(),
            in.getLong(),
            in.getLong(),
            in.getLong());
    String programVersion = readString(in);
    Optional<CopiedFrom> copiedFrom =
        flag(in)
            ? Optional.of(
                new CopiedFrom(
                    readString(in),
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

  private static void writeId(DataOutputStream out, long w0, long w1, long w2, long w3)
      throws IOException {
    out.writeLong(w0);
    out.writeLong(w1);
    out.writeLong(w2);
    out.writeLong(w3);
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static void writeStrings(DataOutputStream out, List<String> strings) throws IOException {
    out.writeInt(strings.size());
    for (String s : strings) {
      writeString(out, s);
    }
  }

  private static String readString(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new IllegalArgumentException("string length " + length + " does not fit the cache");
    }
    String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return s;
  }

  private static List<String> readStrings(ByteBuffer in) {
    int n = count(in);
    List<String> strings = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      strings.add(readString(in));
    }
    return strings;
  }

  /** A count of items of at least 4 bytes each. */
  private static int count(ByteBuffer in) {
    int n = in.getInt();
    if (n < 0 || n > in.remaining() / 4) {
      throw new IllegalArgumentException("count " + n + " does not fit the cache");
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
}
