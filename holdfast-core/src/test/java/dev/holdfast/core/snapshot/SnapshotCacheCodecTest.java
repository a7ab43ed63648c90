package dev.holdfast.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.SnapshotId;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cache's binary form gives back exactly the snapshots a manifest gives, and nothing else. */
class SnapshotCacheCodecTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void cachedSnapshotsEqualTheManifestsTheyCameFrom(long seed) {
    Random random = new Random(seed);
    List<SnapshotCache.Entry> entries = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Snapshot s = randomSnapshot(random);
      Snapshot fromManifest = ManifestCodec.decode(s.id(), ManifestCodec.encode(s));
      entries.add(new SnapshotCache.Entry(fromManifest, random.nextInt(1 << 20)));
    }

    List<SnapshotCache.Entry> decoded =
        SnapshotCacheCodec.decode(SnapshotCacheCodec.encode(entries));

    assertThat(decoded).as("seed %d", seed).isEqualTo(entries);
  }

  @Test
  void anEmptyCacheRoundTrips() {
    assertThat(SnapshotCacheCodec.decode(SnapshotCacheCodec.encode(List.of()))).isEmpty();
  }

  /**
   * Pins the fields the codec writes. When this fails, Snapshot (or a record in it) changed: write
   * the new field in SnapshotCacheCodec, raise its VERSION, document it in docs/FORMAT.md
   * ("Snapshot cache"), then update this list.
   */
  @Test
  void theCodecKnowsEveryFieldOfASnapshot() {
    assertThat(describe(Snapshot.class))
        .isEqualTo(
            "id:dev.holdfast.core.id.SnapshotId, time:java.time.OffsetDateTime,"
                + " host:java.lang.String, username:java.lang.String, source:java.lang.String,"
                + " paths:java.util.List<java.lang.String>, tags:java.util.List<java.lang.String>,"
                + " labels:java.util.SortedMap<java.lang.String, java.lang.String>,"
                + " appVersions:java.util.List<dev.holdfast.core.snapshot.AppVersion>,"
                + " parent:java.util.Optional<dev.holdfast.core.id.SnapshotId>,"
                + " tree:dev.holdfast.core.id.ChunkId,"
                + " stats:dev.holdfast.core.snapshot.SnapshotStats,"
                + " programVersion:java.lang.String,"
                + " copiedFrom:java.util.Optional<dev.holdfast.core.snapshot.CopiedFrom>");
    assertThat(describe(SnapshotStats.class))
        .isEqualTo(
            "files:long, directories:long, filesNew:long, filesChanged:long, filesUnchanged:long,"
                + " bytesProcessed:long, bytesAdded:long, chunksNew:long, errors:long,"
                + " durationMillis:long");
    assertThat(describe(AppVersion.class))
        .isEqualTo("name:java.lang.String, version:java.lang.String");
    assertThat(describe(CopiedFrom.class))
        .isEqualTo("repository:java.lang.String, snapshot:dev.holdfast.core.id.SnapshotId");
    assertThat(SnapshotCacheCodec.VERSION).isEqualTo(1);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void everyTruncationIsRefusedNeverMisread(long seed) {
    Random random = new Random(seed);
    List<SnapshotCache.Entry> entries =
        List.of(
            new SnapshotCache.Entry(randomSnapshot(random), 500),
            new SnapshotCache.Entry(randomSnapshot(random), 600));
    byte[] encoded = SnapshotCacheCodec.encode(entries);

    for (int length = 0; length < encoded.length; length++) {
      byte[] cut = Arrays.copyOf(encoded, length);
      assertThatThrownBy(() -> SnapshotCacheCodec.decode(cut))
          .as("seed %d, %d of %d bytes", seed, length, encoded.length)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void hugeCountsAndOverlongNumbersAreRefusedBeforeAnythingIsAllocated() {
    byte[] huge = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07};
    byte[] noStringsHugeEntries = {0x00, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07};
    byte[] overlong = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01};
    byte[] encoded =
        SnapshotCacheCodec.encode(
            List.of(new SnapshotCache.Entry(randomSnapshot(new Random(1)), 1)));
    byte[] trailing = Arrays.copyOf(encoded, encoded.length + 1);

    assertThatThrownBy(() -> SnapshotCacheCodec.decode(huge))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("string count");
    assertThatThrownBy(() -> SnapshotCacheCodec.decode(noStringsHugeEntries))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entry count");
    assertThatThrownBy(() -> SnapshotCacheCodec.decode(overlong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than 5 bytes");
    assertThatThrownBy(() -> SnapshotCacheCodec.decode(trailing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("after the last entry");
  }

  @Test
  void eachDistinctStringIsStoredOnce() {
    Random random = new Random(7);
    Snapshot s = randomSnapshot(random);
    List<SnapshotCache.Entry> one = List.of(new SnapshotCache.Entry(s, 1));
    List<SnapshotCache.Entry> many = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      many.add(new SnapshotCache.Entry(s.withId(SnapshotId.random(seededIds(random))), 1));
    }

    int perEntry =
        (SnapshotCacheCodec.encode(many).length - SnapshotCacheCodec.encode(one).length) / 99;

    assertThat(perEntry).as("bytes per further entry").isLessThan(200);
  }

  private static String describe(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents())
        .map(c -> c.getName() + ":" + c.getGenericType().getTypeName())
        .collect(Collectors.joining(", "));
  }

  /** A snapshot with every field set at random, non-ASCII text included. */
  static Snapshot randomSnapshot(Random random) {
    SecureRandom ids = seededIds(random);
    TreeMap<String, String> labels = new TreeMap<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      labels.put(text(random), text(random));
    }
    List<AppVersion> versions = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      versions.add(new AppVersion("app" + random.nextInt(9), "v" + random.nextInt(1000) + ".0"));
    }
    Instant instant =
        Instant.ofEpochSecond(
            1_700_000_000L + random.nextInt(100_000_000), random.nextInt(1000) * 1_000_000);
    ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(29) - 14) * 1800);
    return new Snapshot(
        SnapshotId.random(ids),
        OffsetDateTime.ofInstant(instant, offset),
        text(random),
        text(random),
        "file://host/" + text(random),
        List.of("/" + text(random), "/data"),
        random.nextBoolean() ? List.of("nightly", text(random)) : List.of(),
        labels,
        versions,
        random.nextBoolean() ? Optional.of(SnapshotId.random(ids)) : Optional.empty(),
        ChunkId.random(ids),
        new SnapshotStats(
            random.nextInt(1000),
            random.nextInt(100),
            random.nextInt(10),
            random.nextInt(10),
            random.nextInt(1000),
            random.nextLong(), // any long survives, whatever its sign or size
            random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE,
            random.nextInt(5000),
            random.nextInt(3),
            random.nextInt(100_000)),
        "holdfast 0." + random.nextInt(10),
        random.nextBoolean()
            ? Optional.of(new CopiedFrom("0123456789abcdef", SnapshotId.random(ids)))
            : Optional.empty());
  }

  private static String text(Random random) {
    String[] words = {"alpha", "päth", "日本", "x", "with space", "tab\there", ""};
    return words[random.nextInt(words.length)] + random.nextInt(100);
  }

  /** Ids drawn from {@code random}, so that a seed replays the same snapshots. */
  private static SecureRandom seededIds(Random random) {
    return new SecureRandom() {
      @Override
      public void nextBytes(byte[] bytes) {
        random.nextBytes(bytes);
      }
    };
  }
}
