package dev.holdfast.core.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.PackId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkIndexTest {

  private static ChunkId randomChunk(Random rnd) {
    return new ChunkId(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong());
  }

  private static PackId randomPack(Random rnd) {
    return new PackId(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong());
  }

  private static List<PackId> randomPacks(Random rnd, int count) {
    List<PackId> packs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      packs.add(randomPack(rnd));
    }
    return packs;
  }

  private static BlobLocation randomLocation(Random rnd, List<PackId> packs) {
    return new BlobLocation(
        packs.get(rnd.nextInt(packs.size())),
        rnd.nextBoolean() ? BlobType.DATA : BlobType.TREE,
        rnd.nextInt(Integer.MAX_VALUE),
        rnd.nextInt(Integer.MAX_VALUE),
        rnd.nextInt() & Integer.MAX_VALUE);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void addedEntriesAreFoundWithTheirLocations(long seed) {
    Random rnd = new Random(seed);
    List<PackId> packs = randomPacks(rnd, 50);
    Map<ChunkId, BlobLocation> expected = new HashMap<>();
    ChunkIndex index = new ChunkIndex();
    for (int i = 0; i < 100_000; i++) {
      ChunkId id = randomChunk(rnd);
      BlobLocation location = randomLocation(rnd, packs);
      expected.put(id, location);
      assertThat(index.add(id, location)).as("seed %d, entry %d", seed, i).isTrue();
    }

    assertThat(index.size()).as("seed %d", seed).isEqualTo(expected.size());
    expected.forEach(
        (id, location) -> {
          assertThat(index.get(id)).as("seed %d, id %s", seed, id).contains(location);
          assertThat(index.contains(id)).as("seed %d, id %s", seed, id).isTrue();
        });
    Set<PackId> used = new HashSet<>();
    expected.values().forEach(l -> used.add(l.pack()));
    assertThat(index.packs()).as("seed %d", seed).isEqualTo(used);
    assertThat(index.packCount()).as("seed %d", seed).isEqualTo(used.size());
    for (int i = 0; i < 10_000; i++) {
      ChunkId absent = randomChunk(rnd);
      assertThat(index.get(absent)).as("seed %d, absent %s", seed, absent).isEmpty();
      assertThat(index.contains(absent)).as("seed %d, absent %s", seed, absent).isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {4, 5, 6})
  void duplicateAddKeepsTheFirstLocation(long seed) {
    Random rnd = new Random(seed);
    List<PackId> packs = randomPacks(rnd, 5);
    ChunkIndex index = new ChunkIndex();
    Map<ChunkId, BlobLocation> first = new HashMap<>();
    for (int i = 0; i < 2_000; i++) {
      ChunkId id = randomChunk(rnd);
      BlobLocation location = randomLocation(rnd, packs);
      first.put(id, location);
      index.add(id, location);
    }
    for (Map.Entry<ChunkId, BlobLocation> e : first.entrySet()) {
      BlobLocation other = randomLocation(rnd, randomPacks(rnd, 1));
      assertThat(index.add(e.getKey(), other)).as("seed %d", seed).isFalse();
    }

    assertThat(index.size()).as("seed %d", seed).isEqualTo(first.size());
    assertThat(index.packCount()).as("seed %d", seed).isLessThanOrEqualTo(packs.size());
    first.forEach(
        (id, location) -> assertThat(index.get(id)).as("seed %d", seed).contains(location));
  }

  @ParameterizedTest
  @ValueSource(longs = {7, 8})
  void forEachVisitsEveryEntryOnceInInsertionOrder(long seed) {
    Random rnd = new Random(seed);
    List<PackId> packs = randomPacks(rnd, 3);
    List<ChunkId> ids = new ArrayList<>();
    List<BlobLocation> locations = new ArrayList<>();
    ChunkIndex index = new ChunkIndex();
    for (int i = 0; i < 20_000; i++) {
      ids.add(randomChunk(rnd));
      locations.add(randomLocation(rnd, packs));
      index.add(ids.get(i), locations.get(i));
    }

    List<ChunkId> seenIds = new ArrayList<>();
    List<BlobLocation> seenLocations = new ArrayList<>();
    index.forEach(
        (id, location) -> {
          seenIds.add(id);
          seenLocations.add(location);
        });
    assertThat(seenIds).as("seed %d", seed).isEqualTo(ids);
    assertThat(seenLocations).as("seed %d", seed).isEqualTo(locations);
  }

  @Test
  void idsThatShareWordsAreToldApart() {
    // Ids that agree on every word but one, in each position: the table must compare whole ids.
    ChunkIndex index = new ChunkIndex();
    PackId pack = new PackId(9, 9, 9, 9);
    List<ChunkId> ids = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      ids.add(new ChunkId(i, 7, 7, 7));
      ids.add(new ChunkId(7, i, 7, 7));
      ids.add(new ChunkId(7, 7, i, 7));
      ids.add(new ChunkId(7, 7, 7, i));
    }
    Map<ChunkId, Integer> offsets = new HashMap<>();
    for (ChunkId id : ids) {
      if (!offsets.containsKey(id)) {
        offsets.put(id, offsets.size());
        assertThat(index.add(id, new BlobLocation(pack, BlobType.DATA, offsets.get(id), 1, 1)))
            .isTrue();
      }
    }

    assertThat(index.size()).isEqualTo(offsets.size());
    offsets.forEach(
        (id, offset) ->
            assertThat(index.get(id).map(BlobLocation::offset)).as("id %s", id).contains(offset));
    assertThat(index.contains(new ChunkId(7, 7, 7, 2_000))).isFalse();
  }

  @Test
  void emptyIndexKnowsNothing() {
    ChunkIndex index = new ChunkIndex();
    assertThat(index.size()).isZero();
    assertThat(index.packCount()).isZero();
    assertThat(index.packs()).isEmpty();
    assertThat(index.get(new ChunkId(0, 0, 0, 0))).isEmpty();
    assertThat(index.memoryBytes()).isPositive().isLessThan(1024);
  }

  @Test
  void packsIsASnapshotNotAView() {
    ChunkIndex index = new ChunkIndex();
    PackId a = new PackId(1, 1, 1, 1);
    PackId b = new PackId(2, 2, 2, 2);
    index.add(new ChunkId(1, 0, 0, 0), new BlobLocation(a, BlobType.DATA, 0, 1, 1));
    Set<PackId> before = index.packs();
    index.add(new ChunkId(2, 0, 0, 0), new BlobLocation(b, BlobType.TREE, 0, 1, 1));

    assertThat(before).containsExactly(a);
    assertThat(index.packs()).containsExactlyInAnyOrder(a, b);
  }

  @ParameterizedTest
  @ValueSource(longs = {10, 11, 12})
  void concurrentAddsOfOverlappingIdsKeepEachIdExactlyOnce(long seed) throws Exception {
    int threads = 4;
    int poolSize = 40_000;
    int perThread = poolSize / 2;
    Random rnd = new Random(seed);
    List<ChunkId> pool = new ArrayList<>(poolSize);
    for (int i = 0; i < poolSize; i++) {
      pool.add(randomChunk(rnd));
    }
    List<PackId> packs = randomPacks(rnd, threads);
    ChunkIndex index = new ChunkIndex();
    // winner[i] = the thread whose add of pool[i] returned true; -1 while none has.
    AtomicIntegerArray winner = new AtomicIntegerArray(poolSize);
    for (int i = 0; i < poolSize; i++) {
      winner.set(i, -1);
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        // Thread t covers [t * poolSize / 8, + poolSize / 2): each id is wanted by 1 to 4 threads.
        List<Integer> mine = new ArrayList<>();
        for (int i = 0; i < perThread; i++) {
          mine.add(thread * poolSize / 8 + i);
        }
        Collections.shuffle(mine, new Random(seed * 31 + thread));
        futures.add(
            executor.submit(
                () -> {
                  start.await();
                  for (int i : mine) {
                    ChunkId id = pool.get(i);
                    BlobLocation location =
                        new BlobLocation(packs.get(thread), BlobType.DATA, i, 100, 200);
                    if (index.add(id, location)) {
                      assertThat(winner.compareAndSet(i, -1, thread))
                          .as("seed %d: second add of pool[%d] returned true", seed, i)
                          .isTrue();
                    }
                    Optional<BlobLocation> found = index.get(id);
                    assertThat(found)
                        .as("seed %d: pool[%d] missing after add", seed, i)
                        .isPresent();
                    assertThat(found.get().offset()).as("seed %d, pool[%d]", seed, i).isEqualTo(i);
                    assertThat(packs).as("seed %d, pool[%d]", seed, i).contains(found.get().pack());
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      executor.shutdownNow();
    }

    int covered = (threads - 1) * poolSize / 8 + perThread;
    assertThat(index.size()).as("seed %d", seed).isEqualTo(covered);
    for (int i = 0; i < poolSize; i++) {
      if (i < covered) {
        assertThat(winner.get(i))
            .as("seed %d: no add of pool[%d] returned true", seed, i)
            .isNotNegative();
        assertThat(index.get(pool.get(i)).map(BlobLocation::pack))
            .as("seed %d: pool[%d] kept the winner's location", seed, i)
            .contains(packs.get(winner.get(i)));
      } else {
        assertThat(index.contains(pool.get(i))).as("seed %d, pool[%d]", seed, i).isFalse();
      }
    }
    Set<ChunkId> visited = new HashSet<>();
    index.forEach((id, location) -> assertThat(visited.add(id)).as("seed %d", seed).isTrue());
    assertThat(visited).as("seed %d", seed).hasSize(covered);
  }

  @ParameterizedTest
  @ValueSource(longs = {13})
  void millionEntriesAcrossThousandPacksTakeAtMost64BytesEach(long seed) {
    int entries = 1_000_000;
    List<PackId> packs = randomPacks(new Random(~seed), 1_000);
    ChunkIndex index = new ChunkIndex();
    Random rnd = new Random(seed);
    for (int i = 0; i < entries; i++) {
      index.add(randomChunk(rnd), location(packs, i));
    }

    assertThat(index.size()).as("seed %d", seed).isEqualTo(entries);
    assertThat(index.packCount()).as("seed %d", seed).isEqualTo(packs.size());
    double perEntry = (double) index.memoryBytes() / index.size();
    assertThat(perEntry).as("seed %d: bytes per entry", seed).isLessThanOrEqualTo(64.0);

    // Replay the same ids instead of keeping a million of them alive.
    Random replay = new Random(seed);
    int firstWrong = -1;
    for (int i = 0; i < entries && firstWrong < 0; i++) {
      if (!index.get(randomChunk(replay)).equals(Optional.of(location(packs, i)))) {
        firstWrong = i;
      }
    }
    assertThat(firstWrong)
        .as("seed %d: first entry not found with its location", seed)
        .isEqualTo(-1);
    Random absent = new Random(seed * 7919 + 1);
    int falseHits = 0;
    for (int i = 0; i < 100_000; i++) {
      if (index.contains(randomChunk(absent))) {
        falseHits++;
      }
    }
    assertThat(falseHits).as("seed %d: absent ids reported present", seed).isZero();
  }

  private static BlobLocation location(List<PackId> packs, int i) {
    return new BlobLocation(
        packs.get(i % packs.size()), i % 3 == 0 ? BlobType.TREE : BlobType.DATA, i, i / 2, i / 3);
  }

  @Test
  void memoryGrowsWithEntries() {
    ChunkIndex index = new ChunkIndex();
    PackId pack = new PackId(1, 2, 3, 4);
    Random rnd = new Random(99);
    long empty = index.memoryBytes();
    for (int i = 0; i < 50_000; i++) {
      index.add(randomChunk(rnd), new BlobLocation(pack, BlobType.DATA, i, 1, 1));
    }
    assertThat(index.memoryBytes()).isGreaterThan(empty + 50_000L * 48);
  }
}
