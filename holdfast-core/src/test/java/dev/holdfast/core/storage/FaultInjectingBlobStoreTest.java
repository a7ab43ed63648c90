package dev.holdfast.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.storage.FaultInjectingBlobStore.Op;
import dev.holdfast.core.storage.FaultInjectingBlobStore.Policy;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FaultInjectingBlobStoreTest {
  private static final BlobName NAME = new BlobName(BlobKind.PACK, "ab".repeat(32));

  /** Without faults the decorator is invisible. */
  @Nested
  class WithoutFaults extends BlobStoreContract {
    @Override
    protected BlobStore newStore() {
      return new FaultInjectingBlobStore(new InMemoryBlobStore(), new Random(1));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void theSameSeedInjectsTheSameFailures(long seed) {
    assertThat(statOutcomes(seed)).as("seed %d", seed).isEqualTo(statOutcomes(seed));
    assertThat(statOutcomes(seed)).as("seed %d", seed).contains(true, false);
  }

  private static List<Boolean> statOutcomes(long seed) {
    BlobStore store =
        new FaultInjectingBlobStore(
            new InMemoryBlobStore(), new Random(seed), Map.of(Op.STAT, Policy.failing(0.5)));
    List<Boolean> outcomes = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      try {
        store.stat(NAME);
        outcomes.add(true);
      } catch (StorageUnavailable e) {
        outcomes.add(false);
      }
    }
    return outcomes;
  }

  @Test
  void failuresFollowTheirProbabilityAndOnlyTheirRequestClass() {
    FaultInjectingBlobStore store =
        new FaultInjectingBlobStore(
            new InMemoryBlobStore(), new Random(7), Map.of(Op.LIST, Policy.failing(0.25)));
    int failed = 0;
    for (int i = 0; i < 2000; i++) {
      store.stat(NAME);
      try {
        store.list(BlobKind.PACK);
      } catch (StorageUnavailable e) {
        failed++;
      }
    }

    assertThat(failed).isBetween(400, 600);
    assertThat(store.injectedFailures()).isEqualTo(failed);
  }

  @Test
  void anInjectedFailureIsTransientAndLeavesTheStoreUntouched() {
    InMemoryBlobStore inner = new InMemoryBlobStore();
    BlobStore store =
        new FaultInjectingBlobStore(inner, new Random(1), Map.of(Op.PUT, Policy.failing(1)));

    assertThatThrownBy(() -> store.putIfAbsent(NAME, new byte[3]))
        .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isFalse())
        .hasMessageContaining(NAME.path());
    assertThat(inner.list(BlobKind.PACK)).isEmpty();
  }

  @Test
  void aTruncatedReadThrowsInsteadOfReturningFewerBytes() {
    InMemoryBlobStore inner = new InMemoryBlobStore();
    inner.putIfAbsent(NAME, new byte[100]);
    BlobStore store =
        new FaultInjectingBlobStore(inner, new Random(1), Map.of(Op.GET, new Policy(0, 1)));

    assertThatThrownBy(() -> store.get(NAME))
        .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isFalse())
        .hasMessageContaining("connection drop");
    assertThatThrownBy(() -> store.getRange(NAME, 10, 50)).isInstanceOf(StorageUnavailable.class);
  }

  @Test
  void onlyReadsCanBeTruncated() {
    assertThatThrownBy(
            () ->
                new FaultInjectingBlobStore(
                    new InMemoryBlobStore(), new Random(1), Map.of(Op.PUT, new Policy(0, 0.5))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Policy(1.5, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Policy(Double.NaN, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCrashLandsTheCrashingPutOrNotAndStopsEveryLaterRequest() {
    Set<Integer> landedCounts = new HashSet<>();
    // Spread seeds: the first draws of java.util.Random barely differ for seeds 1, 2, 3...
    Random seeds = new Random(2024);
    for (int run = 0; run < 16; run++) {
      long seed = seeds.nextLong();
      InMemoryBlobStore inner = new InMemoryBlobStore();
      FaultInjectingBlobStore store = new FaultInjectingBlobStore(inner, new Random(seed));
      Random names = new Random(seed);
      store.crashAfterPuts(3);
      for (int i = 0; i < 3; i++) {
        assertThat(
                store.putIfAbsent(BlobStoreContract.randomName(BlobKind.PACK, names), new byte[8]))
            .as("seed %d put %d", seed, i)
            .isTrue();
      }

      BlobName crashing = BlobStoreContract.randomName(BlobKind.PACK, names);
      assertThatThrownBy(() -> store.putIfAbsent(crashing, new byte[8]))
          .as("seed %d", seed)
          .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isTrue())
          .hasMessageContaining("simulated crash");
      assertThat(store.crashed()).isTrue();
      assertThatThrownBy(() -> store.stat(NAME)).isInstanceOf(StorageUnavailable.class);
      assertThatThrownBy(() -> store.get(NAME)).isInstanceOf(StorageUnavailable.class);
      assertThatThrownBy(() -> store.list(BlobKind.PACK)).isInstanceOf(StorageUnavailable.class);
      assertThatThrownBy(() -> store.delete(NAME)).isInstanceOf(StorageUnavailable.class);

      List<BlobInfo> left = inner.list(BlobKind.PACK);
      assertThat(left).as("seed %d", seed).hasSizeBetween(3, 4).allMatch(b -> b.size() == 8);
      landedCounts.add(left.size());
    }
    assertThat(landedCounts).as("both sides of the crash occur").containsExactlyInAnyOrder(3, 4);
  }
}
