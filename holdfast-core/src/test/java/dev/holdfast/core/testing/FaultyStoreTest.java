package dev.holdfast.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.BlobStoreContract;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import dev.holdfast.core.testing.FaultyStore.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class FaultyStoreTest {
  private static BlobName name(int i) {
    return new BlobName(BlobKind.INDEX, String.format("%064x", i));
  }

  private static BlobName pack(Random names) {
    return new BlobName(BlobKind.PACK, String.format("%016x", names.nextLong()));
  }

  /** Without faults the decorator is invisible. */
  @Nested
  class WithoutFaults extends BlobStoreContract {
    @Override
    protected BlobStore newStore() {
      return new FaultyStore(new InMemoryBlobStore(), 1);
    }
  }

  /** Latency changes when requests finish, never what they do. */
  @Nested
  class WithLatency extends BlobStoreContract {
    @Override
    protected BlobStore newStore() {
      return new FaultyStore(new InMemoryBlobStore(), 1).latency(Duration.ofMillis(1));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void theSameSeedFailsTheSameRequests(long seed) {
    assertThat(failures(seed)).as("seed %d", seed).isEqualTo(failures(seed));
    assertThat(failures(seed)).as("seed %d: some fail, some pass", seed).contains(true, false);
  }

  private static List<Boolean> failures(long seed) {
    InMemoryBlobStore inner = new InMemoryBlobStore();
    inner.putIfAbsent(name(0), new byte[] {0});
    FaultyStore store = new FaultyStore(inner, seed).failEverything(0.2);
    List<Boolean> out = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      out.add(catchThrowable(() -> store.get(name(0))) != null);
      out.add(catchThrowable(() -> store.stat(name(0))) != null);
    }
    return out;
  }

  @Test
  void failuresFollowTheirProbabilityAndOnlyTheirRequestClass() {
    FaultyStore store = new FaultyStore(new InMemoryBlobStore(), 7).fail(Request.LIST, 0.25);
    int failed = 0;
    for (int i = 0; i < 2000; i++) {
      store.stat(name(0));
      try {
        store.list(BlobKind.PACK);
      } catch (StorageUnavailable e) {
        failed++;
      }
    }

    assertThat(failed).isBetween(400, 600);
    assertThat(store.injected(Request.LIST)).isEqualTo(failed);
    assertThat(store.injected()).isEqualTo(failed);
    assertThat(store.requests(Request.STAT)).isEqualTo(2000);
  }

  @Test
  void aFailureBeforeTheStoreIsTransientAndLeavesTheStoreUntouched() {
    InMemoryBlobStore inner = new InMemoryBlobStore();
    inner.putIfAbsent(name(1), new byte[] {1});
    FaultyStore store = new FaultyStore(inner, 1).fail(Request.PUT, 1).fail(Request.DELETE, 1.0);

    assertThatThrownBy(() -> store.putIfAbsent(name(0), new byte[3]))
        .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isFalse())
        .hasMessageContaining(name(0).path())
        .hasMessageContaining("injected transient failure");
    assertThatThrownBy(() -> store.delete(name(1))).isInstanceOf(StorageUnavailable.class);
    assertThat(inner.list(BlobKind.INDEX))
        .extracting(BlobInfo::name)
        .as("nothing stored, nothing deleted")
        .containsExactly(name(1));
  }

  @Test
  void aResetAfterAPutLeavesTheWholeBlobStoredAndTheRetryFindsIt() {
    InMemoryBlobStore inner = new InMemoryBlobStore();
    FaultyStore store = new FaultyStore(inner, 7).resetAfter(Request.PUT, 1.0);
    byte[] data = {1, 2, 3};

    assertThatThrownBy(() -> store.putIfAbsent(name(0), data))
        .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isFalse())
        .hasMessageContaining("connection reset after the request reached the store");
    assertThat(inner.get(name(0))).isEqualTo(data);
    store.heal();
    assertThat(store.putIfAbsent(name(0), data)).as("the retry finds the name taken").isFalse();
  }

  @Test
  void aResetAfterADeleteHasDeleted() {
    InMemoryBlobStore inner = new InMemoryBlobStore();
    inner.putIfAbsent(name(0), new byte[] {0});
    FaultyStore store = new FaultyStore(inner, 7).resetAfter(Request.DELETE, 1.0);

    assertThatThrownBy(() -> store.delete(name(0))).isInstanceOf(StorageUnavailable.class);
    assertThat(inner.stat(name(0))).isEmpty();
  }

  @Test
  void aTruncatedReadThrowsInsteadOfReturningFewerBytes() {
    InMemoryBlobStore inner = new InMemoryBlobStore();
    inner.putIfAbsent(name(0), new byte[100]);
    FaultyStore store = new FaultyStore(inner, 1).truncateReads(1);

    assertThatThrownBy(() -> store.get(name(0)))
        .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isFalse())
        .hasMessageMatching(".*injected connection drop after \\d+ of 100 bytes");
    assertThatThrownBy(() -> store.getRange(name(0), 10, 50))
        .isInstanceOf(StorageUnavailable.class)
        .hasMessageContaining("of 50 bytes");
    assertThatThrownBy(() -> store.get(name(0), 1000)).isInstanceOf(StorageUnavailable.class);
    assertThat(store.stat(name(0))).as("only reads are truncated").isPresent();
  }

  @Test
  void probabilitiesOutsideZeroToOneAreRefused() {
    FaultyStore store = new FaultyStore(new InMemoryBlobStore(), 1);
    assertThatThrownBy(() -> store.fail(Request.GET, 1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.resetAfter(Request.GET, -0.1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.truncateReads(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fullDiskRefusesEveryPutAfterTheFirstNAndWritesNothing() {
    InMemoryBlobStore inner = new InMemoryBlobStore();
    FaultyStore store = new FaultyStore(inner, 1).diskFullAfterPuts(2);
    assertThat(store.putIfAbsent(name(1), new byte[] {1})).isTrue();
    assertThat(store.putIfAbsent(name(2), new byte[] {2})).isTrue();
    for (int i = 3; i < 6; i++) {
      int n = i;
      assertThatThrownBy(() -> store.putIfAbsent(name(n), new byte[] {3}))
          .isInstanceOf(StorageUnavailable.class)
          .hasMessageEndingWith("the disk is full")
          .matches(e -> ((StorageUnavailable) e).permanent(), "permanent");
    }
    assertThat(inner.list(BlobKind.INDEX)).hasSize(2);
    store.heal();
    assertThat(store.putIfAbsent(name(6), new byte[] {6})).isTrue();
    assertThat(store.injected(Request.PUT)).isEqualTo(3);
  }

  @Test
  void aCrashLandsTheCrashingPutOrNotAndStopsEveryLaterRequestUntilHealed() {
    Set<Integer> landedCounts = new HashSet<>();
    // Spread seeds: the first draws of java.util.Random barely differ for seeds 1, 2, 3...
    Random seeds = new Random(2024);
    for (int run = 0; run < 16; run++) {
      long seed = seeds.nextLong();
      InMemoryBlobStore inner = new InMemoryBlobStore();
      FaultyStore store = new FaultyStore(inner, seed).crashAfterPuts(3);
      Random names = new Random(seed);
      for (int i = 0; i < 3; i++) {
        assertThat(store.putIfAbsent(pack(names), new byte[8]))
            .as("seed %d put %d", seed, i)
            .isTrue();
      }

      BlobName crashing = pack(names);
      assertThatThrownBy(() -> store.putIfAbsent(crashing, new byte[8]))
          .as("seed %d", seed)
          .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isTrue())
          .hasMessageContaining("simulated crash");
      assertThat(store.crashed()).isTrue();
      assertThatThrownBy(() -> store.stat(name(0))).isInstanceOf(StorageUnavailable.class);
      assertThatThrownBy(() -> store.get(name(0))).isInstanceOf(StorageUnavailable.class);
      assertThatThrownBy(() -> store.list(BlobKind.PACK)).isInstanceOf(StorageUnavailable.class);
      assertThatThrownBy(() -> store.delete(name(0))).isInstanceOf(StorageUnavailable.class);

      List<BlobInfo> left = inner.list(BlobKind.PACK);
      assertThat(left).as("seed %d", seed).hasSizeBetween(3, 4).allMatch(b -> b.size() == 8);
      landedCounts.add(left.size());

      store.heal();
      assertThat(store.crashed()).isFalse();
      assertThat(store.list(BlobKind.PACK)).as("seed %d: healed", seed).hasSize(left.size());
    }
    assertThat(landedCounts).as("both sides of the crash occur").containsExactlyInAnyOrder(3, 4);
  }

  @ParameterizedTest
  @EnumSource(Request.class)
  void everyRequestClassCanFailAndHealStopsIt(Request request) {
    InMemoryBlobStore inner = new InMemoryBlobStore();
    inner.putIfAbsent(name(0), new byte[] {0});
    FaultyStore store = new FaultyStore(inner, 3).fail(request, 1.0);

    Throwable thrown = catchThrowable(() -> send(store, request));

    assertThat(thrown).as("%s", request).isInstanceOf(StorageUnavailable.class);
    assertThat(store.injected(request)).isEqualTo(1);
    assertThat(inner.stat(name(0))).as("a failed request changes nothing").isPresent();
    store.heal();
    send(store, request);
    assertThat(store.requests(request)).isEqualTo(2);
  }

  private static void send(BlobStore store, Request request) {
    switch (request) {
      case PUT -> store.putIfAbsent(name(1), new byte[] {1});
      case GET -> store.getRange(name(0), 0, 1);
      case LIST -> store.list(BlobKind.INDEX);
      case STAT -> store.retainedUntil(name(0));
      case DELETE -> store.delete(name(2));
    }
  }
}
