package dev.holdfast.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.SnapshotId;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ManifestCodecTest {
  private static final SnapshotId ID = SnapshotId.fromHex("11".repeat(32));
  private static final SnapshotId ORIGINAL = SnapshotId.fromHex("22".repeat(32));
  private static final ChunkId TREE = ChunkId.fromHex("33".repeat(32));

  /** A manifest as holdfast 0.1.0 wrote it, before copies existed. */
  private static final String OLD_MANIFEST =
      "{\"version\":1,\"time\":\"2026-11-25T08:30:00.123+01:00\",\"host\":\"node-3\","
          + "\"username\":\"root\",\"source\":\"file://node-3/srv\",\"paths\":[\"/srv\"],"
          + "\"tags\":[\"nightly\"],\"labels\":{\"team\":\"payments\"},\"appVersions\":[],"
          + "\"parent\":null,\"tree\":\""
          + "33".repeat(32)
          + "\",\"stats\":{\"files\":1,\"directories\":1,\"filesNew\":1,\"filesChanged\":0,"
          + "\"filesUnchanged\":0,\"bytesProcessed\":5,\"bytesAdded\":5,\"chunksNew\":1,"
          + "\"errors\":0,\"durationMillis\":3},\"programVersion\":\"holdfast 0.1.0\"}";

  @Test
  void manifestsWrittenBeforeCopiesExistedStillDecode() {
    Snapshot s = ManifestCodec.decode(ID, OLD_MANIFEST.getBytes(StandardCharsets.UTF_8));
    assertThat(s.copiedFrom()).isEmpty();
    assertThat(s.tags()).containsExactly("nightly");
  }

  @Test
  void aDecodedSnapshotCannotBeChangedThroughItsLists() {
    Snapshot s = ManifestCodec.decode(ID, OLD_MANIFEST.getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> s.labels().put("team", "attacker"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.tags().add("pinned"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(s.labels()).containsExactly(java.util.Map.entry("team", "payments"));
  }

  @Test
  void manifestsOfBackupsAreEncodedWithoutACopiedFromField() {
    Snapshot s = ManifestCodec.decode(ID, OLD_MANIFEST.getBytes(StandardCharsets.UTF_8));
    String encoded = new String(ManifestCodec.encode(s), StandardCharsets.UTF_8);
    assertThat(encoded).doesNotContain("copiedFrom");
  }

  @Test
  void copiedFromSurvivesARoundTrip() {
    Snapshot s =
        snapshot(Optional.of(new CopiedFrom("0123456789abcdef0123456789abcdef", ORIGINAL)));
    byte[] encoded = ManifestCodec.encode(s);
    assertThat(new String(encoded, StandardCharsets.UTF_8))
        .contains(
            "\"copiedFrom\":{\"repository\":\"0123456789abcdef0123456789abcdef\",\"snapshot\":\""
                + ORIGINAL.toHex()
                + "\"}");
    assertThat(ManifestCodec.decode(ID, encoded)).isEqualTo(s);
  }

  @Test
  void aMalformedCopiedFromIsRefused() {
    String bad =
        OLD_MANIFEST.replace(
            "\"programVersion\"",
            "\"copiedFrom\":{\"repository\":\"../x\",\"snapshot\":null}," + "\"programVersion\"");
    assertThatThrownBy(() -> ManifestCodec.decode(ID, bad.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("copiedFrom");
  }

  private static Snapshot snapshot(Optional<CopiedFrom> copiedFrom) {
    return new Snapshot(
        ID,
        OffsetDateTime.parse("2026-11-25T08:30:00.123+01:00"),
        "node-3",
        "root",
        "file://node-3/srv",
        List.of("/srv"),
        List.of(),
        new TreeMap<>(),
        List.of(),
        Optional.empty(),
        TREE,
        SnapshotStats.EMPTY,
        "holdfast 0.1.0",
        copiedFrom);
  }
}
