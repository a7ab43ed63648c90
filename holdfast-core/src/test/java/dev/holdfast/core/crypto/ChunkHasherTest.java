package dev.holdfast.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.id.ChunkId;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkHasherTest {
  private static final byte[] MASTER = Reference.countingMasterBytes();

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 65535, 65536, 65537, 300_001})
  void idIsHmacSha256UnderIdKey(int size) throws Exception {
    Random random = new Random(size);
    byte[] data = Reference.randomBytes(random, size + 10);
    byte[] idKey = Arrays.copyOfRange(MASTER, 32, 64);

    ChunkId id = MasterKey.fromBytes(MASTER).newChunkHasher().hash(data, 3, size);

    byte[] expected = Reference.hmacSha256(idKey, Arrays.copyOfRange(data, 3, 3 + size));
    assertThat(id).as("size %d", size).isEqualTo(ChunkId.of(expected));
  }

  @Test
  void idIsKeyed() {
    byte[] data = Reference.randomBytes(new Random(1), 1000);
    MasterKey a = MasterKey.generate(Reference.seeded(1));
    MasterKey b = MasterKey.generate(Reference.seeded(2));

    assertThat(a.newChunkHasher().hash(data, 0, data.length))
        .isNotEqualTo(b.newChunkHasher().hash(data, 0, data.length));
  }

  @Test
  void idIsDeterministicAcrossCallsAndHashers() {
    byte[] data = Reference.randomBytes(new Random(2), 200_000);
    MasterKey key = MasterKey.fromBytes(MASTER);
    ChunkHasher hasher = key.newChunkHasher();

    ChunkId first = hasher.hash(data, 0, data.length);
    hasher.hash(new byte[5], 0, 5); // state must not leak from one chunk into the next
    ChunkId again = hasher.hash(data, 0, data.length);
    ChunkId otherHasher = key.newChunkHasher().hash(data, 0, data.length);

    assertThat(again).isEqualTo(first);
    assertThat(otherHasher).isEqualTo(first);
  }

  @Test
  void onlyTheGivenRangeCounts() {
    byte[] data = Reference.randomBytes(new Random(3), 100);
    ChunkHasher hasher = MasterKey.fromBytes(MASTER).newChunkHasher();
    ChunkId id = hasher.hash(data, 10, 50);

    data[9] ^= 1;
    data[60] ^= 1;
    ChunkId outsideChanged = hasher.hash(data, 10, 50);
    data[30] ^= 1;
    ChunkId insideChanged = hasher.hash(data, 10, 50);

    assertThat(outsideChanged).isEqualTo(id);
    assertThat(insideChanged).isNotEqualTo(id);
  }
}
