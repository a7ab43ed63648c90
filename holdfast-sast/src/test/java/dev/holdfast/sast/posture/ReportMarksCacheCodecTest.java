package dev.holdfast.sast.posture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.sast.store.FindingId;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The report cache's encoding reads back what it wrote and refuses anything else. */
class ReportMarksCacheCodecTest {
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void decodingGivesBackWhatWasEncoded(long seed) {
    Map<String, ReportMarksCache.Entry> entries = randomEntries(new Random(seed), 20);

    assertThat(ReportMarksCache.decode(ReportMarksCache.encode(entries)))
        .as("seed %d", seed)
        .isEqualTo(entries);
  }

  @Test
  void everyTruncationIsRefused() {
    byte[] bytes = ReportMarksCache.encode(randomEntries(new Random(7), 3));
    for (int length = 0; length < bytes.length; length++) {
      byte[] cut = Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> ReportMarksCache.decode(cut))
          .as("%d of %d bytes", length, bytes.length)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void bytesAfterTheLastReportAreRefused() {
    byte[] bytes = ReportMarksCache.encode(randomEntries(new Random(8), 2));
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);

    assertThatThrownBy(() -> ReportMarksCache.decode(longer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("after the last report");
  }

  @Test
  void aSeverityOrFlagOutOfRangeIsRefused() {
    Map<String, ReportMarksCache.Entry> one = new LinkedHashMap<>();
    one.put(
        name(new Random(9)),
        new ReportMarksCache.Entry(
            300, FindingMarks.decoded(new long[] {42}, new byte[] {1}, new byte[] {0})));
    byte[] bytes = ReportMarksCache.encode(one);
    // the last two bytes are the only finding's severity and flags
    byte[] badSeverity = bytes.clone();
    badSeverity[bytes.length - 2] = 5;
    byte[] badFlags = bytes.clone();
    badFlags[bytes.length - 1] = 4;

    assertThatThrownBy(() -> ReportMarksCache.decode(badSeverity))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("severity 5");
    assertThatThrownBy(() -> ReportMarksCache.decode(badFlags))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("flags 4");
  }

  @Test
  void aFindingTwiceInOneReportIsRefused() {
    assertThatThrownBy(
            () -> FindingMarks.decoded(new long[] {5, 5}, new byte[] {1, 1}, new byte[] {0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("repeats");
  }

  @Test
  void aCountLargerThanWhatFollowsIsRefusedBeforeAnythingIsAllocated() {
    byte[] bytes = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f};

    assertThatThrownBy(() -> ReportMarksCache.decode(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not fit");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"0000000000000000", "ffffffffffffffff", "8000000000000001", "0123456789abcdef"})
  void aFindingIdSurvivesItsSixtyFourBits(String hex) {
    FindingId id = new FindingId(hex);

    assertThat(FindingId.ofBits(id.bits())).isEqualTo(id);
  }

  private static Map<String, ReportMarksCache.Entry> randomEntries(Random random, int reports) {
    Map<String, ReportMarksCache.Entry> entries = new LinkedHashMap<>();
    for (int r = 0; r < reports; r++) {
      int n = random.nextInt(30);
      long[] ids = random.longs(n).toArray();
      byte[] severities = new byte[n];
      byte[] flags = new byte[n];
      for (int i = 0; i < n; i++) {
        severities[i] = (byte) random.nextInt(5);
        flags[i] = (byte) random.nextInt(4);
      }
      entries.put(
          name(random),
          new ReportMarksCache.Entry(
              random.nextInt(1 << 30), FindingMarks.decoded(ids, severities, flags)));
    }
    return entries;
  }

  private static String name(Random random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
