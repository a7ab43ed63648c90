package dev.holdfast.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import dev.holdfast.core.testing.FaultyStore;
import dev.holdfast.core.testing.FaultyStore.Request;
import dev.holdfast.core.testing.VirtualTime;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryingBlobStoreTest {
  private static final BlobName NAME = new BlobName(BlobKind.PACK, "ab".repeat(32));
  private static final BlobName MISSING = new BlobName(BlobKind.PACK, "cd".repeat(32));

  private final VirtualTime time = new VirtualTime();
  private final List<RetryListener.Retry> heard = new ArrayList<>();
  private final InMemoryBlobStore memory = new InMemoryBlobStore();
  private final FaultyStore faulty = new FaultyStore(memory, 1);

  private RetryingBlobStore retrying(BlobStore inner, RetryListener listener) {
    return new RetryingBlobStore(
        inner, RetryPolicy.CLOUD, listener, time.clock(), time, new Random(1));
  }

  /** A listener that records each retry and heals the faulty store after {@code failures}. */
  private RetryListener healAfter(int failures) {
    return retry -> {
      heard.add(retry);
      if (heard.size() == failures) {
        faulty.heal();
      }
    };
  }

  /** Without faults the decorator is invisible. */
  @Nested
  class WithoutFaults extends BlobStoreContract {
    @Override
    protected BlobStore newStore() {
      return RetryingBlobStore.wrap(new InMemoryBlobStore(), RetryListener.NONE);
    }
  }

  /**
   * Over failures that strike before the store (5xx) and truncated reads, every call of the
   * contract succeeds as if storage never failed. (Resets after a put are left out: the contract's
   * "a first put returns true" is exactly what they change.)
   */
  @Nested
  class OverFlakyStorage extends BlobStoreContract {
    @Override
    protected BlobStore newStore() {
      FaultyStore flaky = new FaultyStore(new InMemoryBlobStore(), 11).truncateReads(0.1);
      for (Request r : Request.values()) {
        flaky.fail(r, 0.1);
      }
      VirtualTime t = new VirtualTime();
      return new RetryingBlobStore(
          flaky, RetryPolicy.CLOUD, RetryListener.NONE, t.clock(), t, new Random(11));
    }
  }

  @Test
  void aTransientFailureIsRetriedWithGrowingJitteredWaitsUntilItSucceeds() {
    memory.putIfAbsent(NAME, new byte[] {7, 8, 9});
    faulty.fail(Request.GET, 1.0);
    RetryingBlobStore store = retrying(faulty, healAfter(4));

    assertThat(store.get(NAME)).containsExactly(7, 8, 9);

    assertThat(faulty.requests(Request.GET)).isEqualTo(5);
    assertThat(store.retries()).isEqualTo(4);
    assertThat(heard).extracting(RetryListener.Retry::attempt).containsExactly(1, 2, 3, 4);
    assertThat(heard).extracting(RetryListener.Retry::delay).isEqualTo(time.sleeps());
    for (RetryListener.Retry r : heard) {
      assertThat(r.delay()).isLessThan(RetryPolicy.CLOUD.cap(r.attempt()));
      assertThat(r.action()).isEqualTo("reading " + NAME + " in memory");
      assertThat(r.maxAttempts()).isEqualTo(10);
      assertThat(r.cause()).hasMessageContaining("injected transient failure");
    }
  }

  @Test
  void everyKindOfRequestIsRetried() {
    memory.putIfAbsent(NAME, new byte[] {1, 2, 3});
    List<Function<BlobStore, Object>> calls =
        List.of(
            s -> s.putIfAbsent(new BlobName(BlobKind.INDEX, "0f".repeat(32)), new byte[1]),
            s -> s.get(NAME),
            s -> s.get(NAME, 100),
            s -> s.getRange(NAME, 1, 2),
            s -> s.stat(NAME),
            s -> s.list(BlobKind.PACK),
            s -> s.retainedUntil(NAME),
            s -> {
              s.delete(MISSING);
              return "deleted";
            });
    for (Function<BlobStore, Object> call : calls) {
      heard.clear();
      for (Request r : Request.values()) {
        faulty.fail(r, 1.0);
      }
      RetryingBlobStore store = retrying(faulty, healAfter(2));

      assertThat(call.apply(store)).isNotNull();
      assertThat(store.retries()).isEqualTo(2);
    }
  }

  @Test
  void aFailureThatRetryingCannotFixReachesTheCallerAtOnceAndUnchanged() {
    memory.putIfAbsent(NAME, new byte[] {1, 2, 3});
    RetryingBlobStore store = retrying(memory, heard::add);
    List<Consumer<BlobStore>> calls =
        List.of(
            s -> s.get(MISSING), // NoSuchBlob
            s -> s.getRange(NAME, 2, 5), // CorruptObject: beyond the end
            s -> s.get(NAME, 2), // CorruptObject: larger than allowed
            s -> s.getRange(NAME, -1, 1), // IllegalArgumentException
            s -> s.get(null)); // NullPointerException

    for (Consumer<BlobStore> call : calls) {
      Throwable direct = catchThrowable(() -> call.accept(memory));
      Throwable retried = catchThrowable(() -> call.accept(store));
      assertThat(retried).isNotNull().hasSameClassAs(direct).hasMessage(direct.getMessage());
    }
    assertThat(catchThrowable(() -> store.get(MISSING))).isInstanceOf(NoSuchBlob.class);
    assertThat(catchThrowable(() -> store.getRange(NAME, 2, 5))).isInstanceOf(CorruptObject.class);
    assertThat(heard).isEmpty();
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void aPermanentStorageFailureIsNotRetried() {
    faulty.diskFullAfterPuts(0);
    RetryingBlobStore store = retrying(faulty, heard::add);

    Throwable thrown = catchThrowable(() -> store.putIfAbsent(NAME, new byte[1]));

    assertThat(thrown)
        .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isTrue())
        .hasMessageEndingWith("the disk is full");
    assertThat(faulty.requests(Request.PUT)).isEqualTo(1);
    assertThat(heard).isEmpty();
  }

  @Test
  void whenTheAttemptsAreSpentTheErrorSaysWhatToWhichBlobHowOftenForHowLongAndWhy() {
    faulty.fail(Request.PUT, 1.0);
    RetryingBlobStore store = retrying(faulty, heard::add);

    Throwable thrown = catchThrowable(() -> store.putIfAbsent(NAME, new byte[1]));

    assertThat(faulty.requests(Request.PUT)).isEqualTo(10);
    assertThat(heard).hasSize(9);
    Duration waited = time.sleeps().stream().reduce(Duration.ZERO, Duration::plus);
    assertThat(thrown)
        .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isFalse())
        .hasMessage(
            "storing %s in memory: gave up after 10 attempts over %s; last failure: storing"
                + " %s in memory: injected transient failure (HTTP 503)",
            NAME, RetryListener.Retry.seconds(waited), NAME)
        .hasCauseInstanceOf(StorageUnavailable.class);
    assertThat(memory.stat(NAME)).isEmpty();
  }

  @Test
  void noTryStartsAfterTheTimeBudget() {
    faulty.fail(Request.LIST, 1.0);
    // Each request takes 50 s before it fails, as a request that times out does.
    BlobStore slow = beforeEachCall(faulty, () -> time.advance(Duration.ofSeconds(50)));
    RetryingBlobStore store = retrying(slow, heard::add);

    Throwable thrown = catchThrowable(() -> store.list(BlobKind.INDEX));

    // Tries end at about 50 s, 100 s, 150 s; a fourth would start after the 2-minute budget.
    assertThat(faulty.requests(Request.LIST)).isEqualTo(3);
    assertThat(thrown)
        .isInstanceOf(StorageUnavailable.class)
        .hasMessageStartingWith("listing index in memory: gave up after 3 attempts over 15");
    assertThat(time.elapsed()).isLessThan(Duration.ofSeconds(160));
  }

  @Test
  void aPutWhoseAnswerWasLostIsRetriedAndFindsItsBlobStored() {
    faulty.loseAnswerOfNextPut(BlobKind.PACK);
    RetryingBlobStore store = retrying(faulty, heard::add);
    byte[] data = {4, 5, 6};

    boolean stored = store.putIfAbsent(NAME, data);

    assertThat(stored).as("the retry finds the name taken: false, which callers accept").isFalse();
    assertThat(memory.get(NAME)).isEqualTo(data);
    assertThat(heard)
        .singleElement()
        .satisfies(r -> assertThat(r.cause()).hasMessageContaining("connection reset"));
  }

  @Test
  void aTruncatedReadIsRetriedAndReturnsTheWholeBlob() {
    byte[] data = new byte[1000];
    new Random(3).nextBytes(data);
    memory.putIfAbsent(NAME, data);
    faulty.truncateReads(1.0);
    RetryingBlobStore store = retrying(faulty, healAfter(3));

    assertThat(store.getRange(NAME, 100, 800)).isEqualTo(Arrays.copyOfRange(data, 100, 900));
    assertThat(heard).hasSize(3);
    assertThat(heard.get(0).action())
        .isEqualTo("reading 800 bytes at 100 of " + NAME + " in memory");
  }

  @Test
  void theOnlyTryOfAOneAttemptPolicyFailsUnchanged() {
    faulty.fail(Request.STAT, 1.0);
    RetryingBlobStore store =
        new RetryingBlobStore(
            faulty,
            new RetryPolicy(1, Duration.ofMinutes(1), Duration.ZERO, Duration.ZERO),
            heard::add,
            time.clock(),
            time,
            new Random(1));

    assertThatThrownBy(() -> store.stat(NAME))
        .isInstanceOf(StorageUnavailable.class)
        .hasMessage("checking " + NAME + " in memory: injected transient failure (HTTP 503)");
    assertThat(heard).isEmpty();
  }

  @Test
  void anInterruptWhileWaitingStopsRetryingAndKeepsTheInterrupt() {
    faulty.fail(Request.GET, 1.0);
    RetryingBlobStore store =
        new RetryingBlobStore(
            faulty,
            RetryPolicy.CLOUD,
            heard::add,
            time.clock(),
            d -> {
              throw new InterruptedException();
            },
            new Random(1));
    try {
      assertThatThrownBy(() -> store.get(NAME))
          .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isTrue())
          .hasMessageContaining("interrupted while waiting to retry")
          .hasMessageContaining("injected transient failure");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(faulty.requests(Request.GET)).isEqualTo(1);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void theSameSeedWaitsTheSameTimes(long seed) {
    assertThat(waitsOfOneFailingCall(seed))
        .as("seed %d", seed)
        .isEqualTo(waitsOfOneFailingCall(seed));
  }

  private static List<Duration> waitsOfOneFailingCall(long seed) {
    VirtualTime t = new VirtualTime();
    FaultyStore failing = new FaultyStore(new InMemoryBlobStore(), seed).fail(Request.LIST, 1.0);
    RetryingBlobStore store =
        new RetryingBlobStore(
            failing, RetryPolicy.CLOUD, RetryListener.NONE, t.clock(), t, new Random(seed));
    catchThrowable(() -> store.list(BlobKind.KEY));
    return t.sleeps();
  }

  @Test
  void aStoreIsRetriedByOneLayerOnly() {
    RetryingBlobStore once = retrying(memory, RetryListener.NONE);
    assertThatThrownBy(() -> retrying(once, RetryListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one retry layer only");
  }

  @Test
  void aRetryIsDescribedOnOneLine() {
    RetryListener.Retry retry =
        new RetryListener.Retry(
            "storing " + NAME + " in /srv/repo",
            2,
            10,
            Duration.ofMillis(1340),
            new StorageUnavailable("HTTP 503 Slow Down", false, null));

    assertThat(retry.describe())
        .isEqualTo(
            "storing "
                + NAME
                + " in /srv/repo: attempt 2 of 10 failed, next in 1.3 s: HTTP 503 Slow Down");
  }

  @Test
  void retentionAndLocationComeFromTheBackend() {
    RetryingBlobStore store = retrying(memory, RetryListener.NONE);
    assertThat(store.location()).isEqualTo(memory.location());
    assertThat(store.retainedUntil(NAME)).isEqualTo(Optional.<Instant>empty());
    assertThat(store.inner()).isSameAs(memory);
  }

  /** {@code inner}, running {@code action} before each request reaches it. */
  private static BlobStore beforeEachCall(BlobStore inner, Runnable action) {
    return (BlobStore)
        Proxy.newProxyInstance(
            BlobStore.class.getClassLoader(),
            new Class<?>[] {BlobStore.class},
            (proxy, method, args) -> {
              if (!method.getName().equals("location")) {
                action.run();
              }
              try {
                return method.invoke(inner, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
