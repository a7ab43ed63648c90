package dev.holdfast.core.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.id.PackId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PackRangesTest {
  private static final PackId PACK = new PackId(1, 2, 3, 4);
  private static final Function<BlobLocation, BlobLocation> SELF = Function.identity();

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void rangesCoverEveryBlobOnceAndSplitOnlyAtLargeGapsOrTheLimit(long seed) {
    Random random = new Random(seed);
    int maxRange = random.nextBoolean() ? PackRanges.MAX_RANGE : Integer.MAX_VALUE;
    List<BlobLocation> blobs = new ArrayList<>();
    int offset = 16;
    for (int i = 0; i < 400; i++) {
      int length = 1 + random.nextInt(random.nextInt(10) == 0 ? 6 << 20 : 512 << 10);
      blobs.add(new BlobLocation(PACK, BlobType.DATA, offset, length, length));
      // mostly neighbours, sometimes a gap the range reads through, sometimes one it does not
      int gap = random.nextInt(4) == 0 ? random.nextInt(3 * PackRanges.MAX_GAP) : 0;
      offset += length + gap;
    }
    blobs.sort(Comparator.comparingInt(BlobLocation::offset));

    int covered = 0;
    int from = 0;
    while (from < blobs.size()) {
      int to = PackRanges.rangeEnd(blobs, from, SELF, maxRange);
      assertThat(to).as("a range holds at least one blob").isGreaterThan(from);
      List<BlobLocation> range = blobs.subList(from, to);
      long start = range.get(0).offset();
      long end = PackRanges.end(range, SELF);
      if (range.size() > 1) {
        assertThat(end - start).as("a range of several blobs").isLessThanOrEqualTo(maxRange);
      }
      for (int k = from + 1; k < to; k++) {
        BlobLocation before = blobs.get(k - 1);
        assertThat(blobs.get(k).offset() - (before.offset() + before.length()))
            .as("gap read through")
            .isLessThanOrEqualTo(PackRanges.MAX_GAP);
      }
      if (to < blobs.size()) {
        BlobLocation next = blobs.get(to);
        boolean gapTooLarge = next.offset() - end > PackRanges.MAX_GAP;
        boolean tooLong = (long) next.offset() + next.length() - start > maxRange;
        assertThat(gapTooLarge || tooLong).as("the range stops for a reason").isTrue();
      }
      covered += to - from;
      from = to;
    }
    assertThat(covered).isEqualTo(blobs.size());
  }

  @Test
  void overlappingBlobsEndWhereTheLongestEnds() {
    List<BlobLocation> blobs =
        List.of(
            new BlobLocation(PACK, BlobType.DATA, 100, 1000, 1000),
            new BlobLocation(PACK, BlobType.DATA, 200, 50, 50));
    assertThat(PackRanges.rangeEnd(blobs, 0, SELF, PackRanges.MAX_RANGE)).isEqualTo(2);
    assertThat(PackRanges.end(blobs, SELF)).isEqualTo(1100);
  }
}
