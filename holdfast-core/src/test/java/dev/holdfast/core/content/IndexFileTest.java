package dev.holdfast.core.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.IndexId;
import dev.holdfast.core.id.PackId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IndexFileTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final PackId PACK_A = PackId.fromHex("aa".repeat(32));
  private static final PackId PACK_B = PackId.fromHex("bb".repeat(32));
  private static final ChunkId CHUNK_1 = ChunkId.fromHex("01".repeat(32));
  private static final ChunkId CHUNK_2 = ChunkId.fromHex("02".repeat(32));
  private static final ChunkId CHUNK_3 = ChunkId.fromHex("03".repeat(32));
  private static final IndexId OLD_INDEX = IndexId.fromHex("11".repeat(32));

  /** Given out of canonical order on purpose. */
  private static final IndexFile SMALL =
      new IndexFile(
          List.of(OLD_INDEX),
          List.of(
              new IndexFile.Entry(CHUNK_2, new BlobLocation(PACK_B, BlobType.DATA, 0, 500, 1024)),
              new IndexFile.Entry(CHUNK_1, new BlobLocation(PACK_A, BlobType.DATA, 100, 5, 7)),
              new IndexFile.Entry(CHUNK_3, new BlobLocation(PACK_A, BlobType.TREE, 0, 16, 32))));

  // Byte offsets inside SMALL's encoding.
  private static final int SUPERSEDES_COUNT_AT = 5;
  private static final int PACK_COUNT_AT = 41;
  private static final int ENTRY_COUNT_AT = 109;
  private static final int FIRST_ENTRY_AT = 113;
  private static final int ENTRY_BYTES = 49;
  private static final int TYPE_AT = FIRST_ENTRY_AT + 32;
  private static final int PACK_INDEX_AT = TYPE_AT + 1;
  private static final int OFFSET_AT = PACK_INDEX_AT + 4;
  private static final int SMALL_LENGTH = FIRST_ENTRY_AT + 3 * ENTRY_BYTES;

  private static final String SMALL_HEX =
      "48464958" // magic "HFIX"
          + "01" // version
          + "00000001" // supersedes count
          + "11".repeat(32)
          + "00000002" // pack count
          + "aa".repeat(32)
          + "bb".repeat(32)
          + "00000003" // entry count
          // sorted by (pack, offset)
          + entryHex("03", "01", "00000000", "00000000", "00000010", "00000020")
          + entryHex("01", "00", "00000000", "00000064", "00000005", "00000007")
          + entryHex("02", "00", "00000001", "00000000", "000001f4", "00000400");

  private static String entryHex(
      String chunkIdByte,
      String type,
      String packIndex,
      String offset,
      String length,
      String rawLength) {
    return chunkIdByte.repeat(32) + type + packIndex + offset + length + rawLength;
  }

  @Test
  void encodingIsPinned() {
    assertThat(HEX.formatHex(SMALL.encode())).isEqualTo(SMALL_HEX);
    assertThat(SMALL.encode()).hasSize(SMALL_LENGTH);
  }

  @Test
  void pinnedBytesDecodeToTheSameFile() {
    IndexFile decoded = IndexFile.decode(HEX.parseHex(SMALL_HEX));
    assertThat(decoded).isEqualTo(SMALL);
    assertThat(decoded.entries())
        .extracting(IndexFile.Entry::id)
        .containsExactly(CHUNK_3, CHUNK_1, CHUNK_2);
  }

  @Test
  void emptyFileRoundTrips() {
    IndexFile empty = new IndexFile(List.of(), List.of());
    byte[] bytes = empty.encode();
    assertThat(HEX.formatHex(bytes)).isEqualTo("48464958" + "01" + "00000000".repeat(3));
    assertThat(IndexFile.decode(bytes)).isEqualTo(empty);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void decodeInvertsEncode(long seed) {
    Random rnd = new Random(seed);
    IndexFile file = randomFile(rnd);
    byte[] bytes = file.encode();

    IndexFile decoded = IndexFile.decode(bytes);
    assertThat(decoded).as("seed %d", seed).isEqualTo(file);
    assertThat(decoded.encode()).as("seed %d", seed).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(longs = {6, 7, 8})
  void encodingDoesNotDependOnInputOrder(long seed) {
    Random rnd = new Random(seed);
    IndexFile file = randomFile(rnd);
    List<IndexFile.Entry> shuffled = new ArrayList<>(file.entries());
    Collections.shuffle(shuffled, rnd);
    List<IndexId> supersedes = new ArrayList<>(file.supersedes());
    Collections.reverse(supersedes);

    assertThat(new IndexFile(supersedes, shuffled).encode())
        .as("seed %d", seed)
        .isEqualTo(file.encode());
  }

  @Test
  void supersededIdsAreKeptSortedAndDistinct() {
    IndexId low = IndexId.fromHex("00".repeat(32));
    IndexId high = IndexId.fromHex("ff".repeat(32));
    IndexFile file = new IndexFile(List.of(high, low, high), List.of());
    assertThat(file.supersedes()).containsExactly(low, high);
  }

  @Test
  void decodeAcceptsEntriesInAnyOrder() {
    byte[] bytes = SMALL.encode();
    byte[] firstEntry = Arrays.copyOfRange(bytes, FIRST_ENTRY_AT, FIRST_ENTRY_AT + ENTRY_BYTES);
    int lastAt = FIRST_ENTRY_AT + 2 * ENTRY_BYTES;
    System.arraycopy(bytes, lastAt, bytes, FIRST_ENTRY_AT, ENTRY_BYTES);
    System.arraycopy(firstEntry, 0, bytes, lastAt, ENTRY_BYTES);

    assertThat(IndexFile.decode(bytes)).isEqualTo(SMALL);
  }

  @Test
  void rejectsWrongMagic() {
    byte[] bytes = SMALL.encode();
    bytes[2] = 'Y';
    assertRejected(bytes).hasMessageContaining("magic").hasMessageContaining("byte offset 0");
  }

  @Test
  void rejectsUnknownVersion() {
    byte[] bytes = SMALL.encode();
    bytes[4] = 2;
    assertRejected(bytes).hasMessageContaining("version 2").hasMessageContaining("byte offset 4");
  }

  @Test
  void rejectsEveryTruncationOfASmallFile() {
    byte[] bytes = SMALL.encode();
    for (int length = 0; length < bytes.length; length++) {
      byte[] prefix = Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> IndexFile.decode(prefix))
          .as("prefix of %d bytes", length)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("byte offset");
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {9, 10})
  void rejectsEveryTruncationOfARandomFile(long seed) {
    byte[] bytes = randomFile(new Random(seed)).encode();
    for (int length = 0; length < bytes.length; length++) {
      byte[] prefix = Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> IndexFile.decode(prefix))
          .as("seed %d, prefix of %d bytes", seed, length)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("byte offset");
    }
  }

  @Test
  void rejectsSupersedesCountLargerThanTheData() {
    assertCountRejected(SUPERSEDES_COUNT_AT, 0xFFFFFFFF, "supersedes count");
    // The 251 bytes after the count would hold 7 ids: ask for one more than fits.
    assertCountRejected(SUPERSEDES_COUNT_AT, 8, "supersedes count");
  }

  @Test
  void rejectsPackCountLargerThanTheData() {
    assertCountRejected(PACK_COUNT_AT, 0xFFFFFFFF, "pack count");
    assertCountRejected(PACK_COUNT_AT, Integer.MAX_VALUE, "pack count");
  }

  @Test
  void rejectsEntryCountLargerThanTheData() {
    assertCountRejected(ENTRY_COUNT_AT, 0xFFFFFFFF, "entry count");
    assertCountRejected(ENTRY_COUNT_AT, 4, "entry count");
  }

  @Test
  void rejectsPackIndexOutOfRange() {
    byte[] bytes = SMALL.encode();
    ByteBuffer.wrap(bytes).putInt(PACK_INDEX_AT, 2);
    assertRejected(bytes)
        .hasMessageContaining("entry 0")
        .hasMessageContaining("pack 2")
        .hasMessageContaining("byte offset " + PACK_INDEX_AT);
    ByteBuffer.wrap(bytes).putInt(PACK_INDEX_AT, -1);
    assertRejected(bytes).hasMessageContaining("pack 4294967295");
  }

  @Test
  void rejectsValuesAboveTheIntRange() {
    byte[] bytes = SMALL.encode();
    ByteBuffer.wrap(bytes).putInt(OFFSET_AT, 0x80000000);
    assertRejected(bytes)
        .hasMessageContaining("entry 0 offset")
        .hasMessageContaining("byte offset " + OFFSET_AT);
  }

  @Test
  void rejectsUnknownBlobType() {
    byte[] bytes = SMALL.encode();
    bytes[TYPE_AT] = 2;
    assertRejected(bytes)
        .hasMessageContaining("blob type code 2")
        .hasMessageContaining("byte offset " + TYPE_AT);
  }

  @Test
  void rejectsTrailingGarbage() {
    byte[] bytes = Arrays.copyOf(SMALL.encode(), SMALL_LENGTH + 3);
    assertRejected(bytes)
        .hasMessageContaining("3 trailing bytes")
        .hasMessageContaining("byte offset " + SMALL_LENGTH);
  }

  @Test
  void rejectsNullElements() {
    List<IndexFile.Entry> withNull = new ArrayList<>();
    withNull.add(null);
    assertThatThrownBy(() -> new IndexFile(List.of(), withNull))
        .isInstanceOf(NullPointerException.class);
    List<IndexId> nullId = new ArrayList<>();
    nullId.add(null);
    assertThatThrownBy(() -> new IndexFile(nullId, List.of()))
        .isInstanceOf(NullPointerException.class);
  }

  private static void assertCountRejected(int at, int count, String what) {
    byte[] bytes = SMALL.encode();
    ByteBuffer.wrap(bytes).putInt(at, count);
    assertRejected(bytes)
        .hasMessageContaining(what + " " + Integer.toUnsignedString(count))
        .hasMessageContaining("byte offset " + at);
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(byte[] bytes) {
    return assertThatThrownBy(() -> IndexFile.decode(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("index file: ");
  }

  private static IndexFile randomFile(Random rnd) {
    List<IndexId> supersedes = new ArrayList<>();
    for (int i = rnd.nextInt(4); i > 0; i--) {
      supersedes.add(new IndexId(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong()));
    }
    List<PackId> packs = new ArrayList<>();
    for (int i = 1 + rnd.nextInt(5); i > 0; i--) {
      packs.add(new PackId(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong()));
    }
    List<IndexFile.Entry> entries = new ArrayList<>();
    for (int i = rnd.nextInt(60); i > 0; i--) {
      // Now and then the same chunk twice, as after a crashed backup stored it again.
      ChunkId id =
          !entries.isEmpty() && rnd.nextInt(10) == 0
              ? entries.get(rnd.nextInt(entries.size())).id()
              : new ChunkId(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong());
      entries.add(
          new IndexFile.Entry(
              id,
              new BlobLocation(
                  packs.get(rnd.nextInt(packs.size())),
                  rnd.nextBoolean() ? BlobType.DATA : BlobType.TREE,
                  rnd.nextInt() & Integer.MAX_VALUE,
                  rnd.nextInt() & Integer.MAX_VALUE,
                  rnd.nextInt() & Integer.MAX_VALUE)));
    }
    return new IndexFile(supersedes, entries);
  }
}
