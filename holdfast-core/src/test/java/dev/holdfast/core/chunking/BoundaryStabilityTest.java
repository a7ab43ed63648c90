package dev.holdfast.core.chunking;

import static dev.holdfast.core.chunking.ChunkTesting.SMALL;
import static dev.holdfast.core.chunking.ChunkTesting.digestsByCut;
import static dev.holdfast.core.chunking.ChunkTesting.lengthsByCut;
import static dev.holdfast.core.chunking.ChunkTesting.randomBytes;
import static dev.holdfast.core.chunking.ChunkTesting.seed32;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Edits to a stream change only the chunks around the edit: that is what makes content-defined
 * chunking deduplicate. Chunks are compared by content (SHA-256), not by offset.
 */
class BoundaryStabilityTest {

  private static final int SEEDS = 30;
  private static final int DATA_SIZE = 1024 * 1024;
  private static final int MAX_EDIT = 1024;

  /**
   * A hard ceiling per edit. Normalized chunking makes a boundary depend on its distance from the
   * chunk start, so a few edits take several chunks to fall back into step (measured over 6000
   * edits: about 95% change at most 3 chunks, under 1% more than 6, the worst 16); a chunker that
   * never resynchronises changes the ~60 chunks after the edit.
   */
  private static final int MAX_DIFFERING = 20;

  enum Edit {
    INSERT,
    DELETE,
    PREPEND
  }

  /** One seeded edit and the chunks before and after it. */
  record Case(
      ChunkerAlgorithm algorithm,
      long seed,
      Edit edit,
      int pos,
      int len,
      List<String> before,
      List<String> after) {

    static Case of(ChunkerAlgorithm algorithm, long seed, Edit edit) {
      Random r = new Random(seed * 31 + edit.ordinal());
      FastCdc cdc = new FastCdc(algorithm, SMALL, seed32(seed));
      byte[] data = randomBytes(seed, DATA_SIZE);
      int pos = edit == Edit.PREPEND ? 0 : DATA_SIZE / 4 + r.nextInt(DATA_SIZE / 2);
      int len = 1 + r.nextInt(MAX_EDIT);
      byte[] edited;
      if (edit == Edit.DELETE) {
        edited = new byte[DATA_SIZE - len];
        System.arraycopy(data, 0, edited, 0, pos);
        System.arraycopy(data, pos + len, edited, pos, DATA_SIZE - pos - len);
      } else {
        byte[] inserted = new byte[len];
        r.nextBytes(inserted);
        edited = new byte[DATA_SIZE + len];
        System.arraycopy(data, 0, edited, 0, pos);
        System.arraycopy(inserted, 0, edited, pos, len);
        System.arraycopy(data, pos, edited, pos + len, DATA_SIZE - pos);
      }
      return new Case(
          algorithm, seed, edit, pos, len, digestsByCut(cdc, data), digestsByCut(cdc, edited));
    }

    int commonPrefix() {
      int n = 0;
      while (n < before.size() && n < after.size() && before.get(n).equals(after.get(n))) {
        n++;
      }
      return n;
    }

    int commonSuffix() {
      int prefix = commonPrefix();
      int n = 0;
      while (n < before.size() - prefix
          && n < after.size() - prefix
          && before.get(before.size() - 1 - n).equals(after.get(after.size() - 1 - n))) {
        n++;
      }
      return n;
    }

    /** Chunks that exist on only one side of the edit (the larger side). */
    int differing() {
      int same = commonPrefix() + commonSuffix();
      return Math.max(before.size() - same, after.size() - same);
    }

    @Override
    public String toString() {
      return String.format("%s, seed %d, %s of %d bytes at %d", algorithm, seed, edit, len, pos);
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(ChunkerAlgorithm.values())
        .flatMap(
            a ->
                LongStream.range(0, SEEDS)
                    .boxed()
                    .flatMap(s -> Stream.of(Edit.values()).map(e -> Arguments.of(a, s, e))));
  }

  @ParameterizedTest(name = "{0}, seed {1}, {2}")
  @MethodSource("cases")
  void chunksBeforeTheEditStayAndChunksAfterItResynchronise(
      ChunkerAlgorithm algorithm, long seed, Edit edit) {
    Case c = Case.of(algorithm, seed, edit);
    FastCdc cdc = new FastCdc(algorithm, SMALL, seed32(seed));
    int untouched = chunksEndingBy(lengthsByCut(cdc, randomBytes(seed, DATA_SIZE)), c.pos());

    assertThat(c.after().subList(0, untouched))
        .as("%s", c)
        .isEqualTo(c.before().subList(0, untouched));
    assertThat(c.commonPrefix()).as("%s", c).isGreaterThanOrEqualTo(untouched);
    assertThat(c.differing()).as("%s", c).isPositive().isLessThanOrEqualTo(MAX_DIFFERING);
    // Resynchronised well before the end of the stream, not by luck in its last chunk.
    assertThat(c.commonSuffix()).as("%s", c).isGreaterThanOrEqualTo(10);
  }

  @Test
  void mostEditsChangeAtMostThreeChunks() {
    List<Case> all = new ArrayList<>();
    for (long seed = 0; seed < SEEDS; seed++) {
      for (Edit edit : Edit.values()) {
        all.add(Case.of(ChunkerAlgorithm.DEFAULT, seed, edit));
      }
    }
    long withinThree = all.stream().filter(c -> c.differing() <= 3).count();
    double mean = all.stream().mapToInt(Case::differing).average().orElseThrow();

    assertThat((double) withinThree / all.size())
        .as("share of %d edits changing at most 3 chunks", all.size())
        .isGreaterThanOrEqualTo(0.85);
    assertThat(mean).as("mean number of changed chunks").isLessThanOrEqualTo(2.0);
  }

  private static int chunksEndingBy(List<Integer> lengths, int pos) {
    int end = 0;
    int n = 0;
    for (int len : lengths) {
      end += len;
      if (end > pos) {
        break;
      }
      n++;
    }
    return n;
  }
}
