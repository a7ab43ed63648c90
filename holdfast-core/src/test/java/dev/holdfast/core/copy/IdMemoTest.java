package dev.holdfast.core.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.id.ChunkId;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdMemoTest {
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 77})
  void remembersEveryEntryWhileThereIsRoom(long seed) {
    IdMemo memo = new IdMemo(1 << 16);
    List<ChunkId[]> pairs = pairs(seed, 20_000);
    for (ChunkId[] p : pairs) {
      memo.put(p[0], p[1]);
    }
    for (ChunkId[] p : pairs) {
      assertThat(memo.get(p[0])).as("seed %d", seed).isEqualTo(p[1]);
    }
    assertThat(memo.size()).isEqualTo(20_000);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {2, 78})
  void staysWithinItsBoundAndNeverAnswersWrongly(long seed) {
    IdMemo memo = new IdMemo(1000);
    List<ChunkId[]> pairs = pairs(seed, 50_000);
    for (ChunkId[] p : pairs) {
      memo.put(p[0], p[1]);
    }
    assertThat(memo.slots()).as("seed %d", seed).isEqualTo(1024);
    assertThat(memo.size()).isLessThanOrEqualTo(1024);
    int remembered = 0;
    for (ChunkId[] p : pairs) {
      ChunkId v = memo.get(p[0]);
      if (v != null) {
        assertThat(v).as("seed %d", seed).isEqualTo(p[1]);
        remembered++;
      }
    }
    assertThat(remembered).as("seed %d: the newest entries are kept", seed).isGreaterThan(500);
    ChunkId[] last = pairs.get(pairs.size() - 1);
    assertThat(memo.get(last[0])).isEqualTo(last[1]);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {3})
  void aNewValueReplacesTheOldOne(long seed) {
    IdMemo memo = new IdMemo(16);
    ChunkId[] p = pairs(seed, 1).get(0);
    ChunkId other = ChunkId.random(new SecureRandom());
    memo.put(p[0], p[1]);
    memo.put(p[0], other);
    assertThat(memo.get(p[0])).isEqualTo(other);
    assertThat(memo.size()).isEqualTo(1);
  }

  private static List<ChunkId[]> pairs(long seed, int n) {
    Random random = new Random(seed);
    List<ChunkId[]> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(
          new ChunkId[] {
            new ChunkId(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()),
            new ChunkId(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong())
          });
    }
    return list;
  }
}
