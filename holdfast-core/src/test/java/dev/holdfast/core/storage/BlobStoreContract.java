package dev.holdfast.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NoSuchBlob;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract every {@link BlobStore} backend keeps, as one suite each backend runs (restic's
 * {@code internal/backend/test}, Kopia's {@code VerifyStorage}): a backend's test extends this
 * class and says how to make an empty store.
 *
 * <p>Methods are public because subclasses live in other packages and modules.
 */
public abstract class BlobStoreContract {
  private static final HexFormat HEX = HexFormat.of();
  private static final int THREADS = 8;

  /** The store under test, fresh and empty for each test. */
  protected BlobStore store;

  /** A new, empty store; called before every test. */
  protected abstract BlobStore newStore() throws Exception;

  /** Releases what {@link #newStore} made beyond the store itself; called after every test. */
  protected void cleanup() throws Exception {}

  @BeforeEach
  public void openStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  public void closeStore() throws Exception {
    try {
      if (store != null) {
        store.close();
      }
    } finally {
      cleanup();
    }
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 64 * 1024, 5 * 1024 * 1024})
  public void getReturnsTheBytesThatWerePut(int size) {
    Random random = new Random(size);
    byte[] data = bytes(random, size);
    BlobName name = randomName(BlobKind.PACK, random);

    assertThat(store.putIfAbsent(name, data)).isTrue();

    assertSameBytes(store.get(name), data, name);
    assertThat(store.stat(name).map(BlobStoreContract::untimed)).contains(new BlobInfo(name, size));
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 64 * 1024, 3 * 1024 * 1024 + 7})
  public void aStreamedPutStoresTheGivenLengthAndReadsNoFurther(int size) throws IOException {
    Random random = new Random(size + 1);
    byte[] data = bytes(random, size + 10);
    BlobName name = randomName(BlobKind.PACK, random);
    InputStream body = new ByteArrayInputStream(data);

    assertThat(store.putIfAbsent(name, body, size)).isTrue();

    assertSameBytes(store.get(name), Arrays.copyOf(data, size), name);
    assertThat(body.available()).as("bytes of the body left unread").isEqualTo(10);
  }

  @Test
  public void aStreamedPutWhoseBodyEndsEarlyStoresNothing() {
    Random random = new Random(41);
    BlobName name = randomName(BlobKind.PACK, random);
    InputStream body = new ByteArrayInputStream(bytes(random, 1000));

    assertThatThrownBy(() -> store.putIfAbsent(name, body, 1001))
        .isInstanceOf(EOFException.class)
        .hasMessage("the body of " + name + " ended after 1000 of 1001 bytes");
    assertThat(store.stat(name)).isEmpty();
    assertThat(store.list(BlobKind.PACK)).isEmpty();
  }

  @Test
  public void aStreamedPutWhoseBodyFailsPassesTheFailureOnAndStoresNothing() {
    Random random = new Random(42);
    BlobName name = randomName(BlobKind.PACK, random);
    IOException reset = new IOException("connection reset by the test");
    InputStream body =
        new SequenceInputStream(
            new ByteArrayInputStream(bytes(random, 2000)),
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw reset;
              }
            });

    assertThatThrownBy(() -> store.putIfAbsent(name, body, 5000)).isSameAs(reset);
    assertThat(store.stat(name)).isEmpty();
  }

  @Test
  public void aStreamedPutOfAnExistingNameReturnsFalseAndKeepsTheStoredBytes() throws IOException {
    Random random = new Random(43);
    BlobName name = randomName(BlobKind.PACK, random);
    byte[] first = bytes(random, 300);
    assertThat(store.putIfAbsent(name, first)).isTrue();

    assertThat(store.putIfAbsent(name, new ByteArrayInputStream(bytes(random, 300)), 300))
        .isFalse();

    assertSameBytes(store.get(name), first, name);
  }

  @Test
  public void putStoresOnlyTheGivenSliceOfTheArray() {
    Random random = new Random(1);
    byte[] data = bytes(random, 1000);
    BlobName name = randomName(BlobKind.INDEX, random);

    assertThat(store.putIfAbsent(name, data, 100, 250)).isTrue();

    assertSameBytes(store.get(name), Arrays.copyOfRange(data, 100, 350), name);
  }

  @Test
  public void putOfASliceOutsideTheArrayFailsAndStoresNothing() {
    BlobName name = randomName(BlobKind.PACK, new Random(2));
    byte[] data = new byte[10];

    assertThatThrownBy(() -> store.putIfAbsent(name, data, 5, 6))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> store.putIfAbsent(name, data, -1, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(store.stat(name).map(BlobStoreContract::untimed)).isEmpty();
  }

  @Test
  public void putOfAnExistingNameReturnsFalseAndKeepsTheStoredBytes() {
    Random random = new Random(3);
    BlobName name = randomName(BlobKind.SNAPSHOT, random);
    byte[] first = bytes(random, 300);
    byte[] second = bytes(random, 500);

    assertThat(store.putIfAbsent(name, first)).isTrue();
    assertThat(store.putIfAbsent(name, second)).isFalse();
    assertThat(store.putIfAbsent(name, first)).isFalse();

    assertSameBytes(store.get(name), first, name);
    assertThat(store.stat(name).map(BlobStoreContract::untimed)).contains(new BlobInfo(name, 300));
  }

  @Test
  public void storedBytesAreIndependentOfTheCallersArrays() {
    Random random = new Random(4);
    BlobName name = randomName(BlobKind.KEY, random);
    byte[] data = bytes(random, 64);
    byte[] expected = data.clone();

    store.putIfAbsent(name, data);
    data[0] ^= 1;
    store.get(name)[1] ^= 1;
    store.getRange(name, 0, 8)[2] ^= 1;

    assertSameBytes(store.get(name), expected, name);
  }

  @Test
  public void getRangeReturnsTheBytesAtStartMiddleAndEnd() {
    Random random = new Random(5);
    BlobName name = randomName(BlobKind.PACK, random);
    byte[] data = bytes(random, 10_000);
    store.putIfAbsent(name, data);

    long[][] ranges = {{0, 100}, {4000, 1234}, {9900, 100}, {9999, 1}, {0, 10_000}};
    for (long[] range : ranges) {
      int from = (int) range[0];
      int length = (int) range[1];
      assertThat(store.getRange(name, from, length))
          .as("bytes [%d, +%d)", from, length)
          .isEqualTo(Arrays.copyOfRange(data, from, from + length));
    }
  }

  @Test
  public void getRangeOfZeroBytesIsEmptyUpToTheEnd() {
    BlobName name = randomName(BlobKind.PACK, new Random(6));
    store.putIfAbsent(name, new byte[100]);

    assertThat(store.getRange(name, 0, 0)).isEmpty();
    assertThat(store.getRange(name, 50, 0)).isEmpty();
    assertThat(store.getRange(name, 100, 0)).isEmpty();
  }

  @Test
  public void getRangeBeyondTheEndFailsInsteadOfReturningFewerBytes() {
    BlobName name = randomName(BlobKind.PACK, new Random(7));
    store.putIfAbsent(name, new byte[100]);

    long[][] ranges = {{99, 2}, {100, 1}, {0, 101}, {101, 0}, {Long.MAX_VALUE, 1}};
    for (long[] range : ranges) {
      assertThatThrownBy(() -> store.getRange(name, range[0], (int) range[1]))
          .as("bytes [%d, +%d) of 100", range[0], range[1])
          .isInstanceOf(CorruptObject.class)
          .hasMessageContaining(name.path());
    }
  }

  @Test
  public void getRangeRejectsNegativeOffsetOrLength() {
    BlobName name = randomName(BlobKind.PACK, new Random(8));
    store.putIfAbsent(name, new byte[100]);

    assertThatThrownBy(() -> store.getRange(name, -1, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.getRange(name, 0, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  public void openRangeStreamsExactlyTheBytesAtStartMiddleAndEnd() throws IOException {
    Random random = new Random(15);
    BlobName name = randomName(BlobKind.PACK, random);
    byte[] data = bytes(random, 3 * 1024 * 1024 + 17);
    store.putIfAbsent(name, data);

    long[][] ranges = {{0, 100}, {4000, 1234}, {data.length - 100, 100}, {0, data.length}};
    for (long[] range : ranges) {
      int from = (int) range[0];
      int length = (int) range[1];
      try (InputStream in = store.openRange(name, from, length)) {
        assertThat(readInSmallSteps(in))
            .as("bytes [%d, +%d)", from, length)
            .isEqualTo(Arrays.copyOfRange(data, from, from + length));
        assertThat(in.read()).as("the end after the range").isEqualTo(-1);
      }
    }
  }

  @Test
  public void openRangeOfZeroBytesEndsAtOnce() throws IOException {
    BlobName name = randomName(BlobKind.PACK, new Random(16));
    store.putIfAbsent(name, new byte[100]);

    for (long at : new long[] {0, 50, 100}) {
      try (InputStream in = store.openRange(name, at, 0)) {
        assertThat(in.read()).isEqualTo(-1);
      }
    }
  }

  @Test
  public void openRangeBeyondTheEndFailsInsteadOfEndingEarly() {
    BlobName name = randomName(BlobKind.PACK, new Random(17));
    store.putIfAbsent(name, new byte[100]);

    long[][] ranges = {{99, 2}, {100, 1}, {0, 101}, {101, 0}};
    for (long[] range : ranges) {
      assertThatThrownBy(
              () -> {
                try (InputStream in = store.openRange(name, range[0], range[1])) {
                  in.readAllBytes();
                }
              })
          .as("bytes [%d, +%d) of 100", range[0], range[1])
          .isInstanceOf(CorruptObject.class)
          .hasMessageContaining(name.path());
    }
  }

  @Test
  public void openRangeOfAMissingBlobFailsWithNoSuchBlob() {
    BlobName name = randomName(BlobKind.PACK, new Random(18));

    assertThatThrownBy(
            () -> {
              try (InputStream in = store.openRange(name, 0, 10)) {
                in.readAllBytes();
              }
            })
        .isInstanceOf(NoSuchBlob.class)
        .hasMessageContaining(name.path());
  }

  @Test
  public void openRangeRejectsNegativeOffsetOrLength() {
    BlobName name = randomName(BlobKind.PACK, new Random(19));
    store.putIfAbsent(name, new byte[100]);

    assertThatThrownBy(() -> store.openRange(name, -1, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.openRange(name, 0, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A stream closed half-way leaves the store working: its connection is not reused mid-body. */
  @Test
  public void aStreamClosedBeforeItsEndLeavesTheStoreWorking() throws IOException {
    Random random = new Random(20);
    BlobName big = randomName(BlobKind.PACK, random);
    byte[] data = bytes(random, 4 * 1024 * 1024);
    store.putIfAbsent(big, data);
    BlobName small = randomName(BlobKind.INDEX, random);
    byte[] other = bytes(random, 1000);
    store.putIfAbsent(small, other);

    for (int i = 0; i < 3; i++) {
      try (InputStream in = store.openRange(big, 10, data.length - 10)) {
        assertThat(in.readNBytes(1000)).isEqualTo(Arrays.copyOfRange(data, 10, 1010));
      }
      assertThat(store.get(small)).isEqualTo(other);
      assertThat(store.getRange(big, 5, 10)).isEqualTo(Arrays.copyOfRange(data, 5, 15));
    }
  }

  /** Reads in uneven steps, as a reader taking blob after blob does. */
  private static byte[] readInSmallSteps(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] step = new byte[7919];
    for (int n = in.read(step, 0, 1); n >= 0; n = in.read(step, 0, step.length)) {
      out.write(step, 0, n);
    }
    return out.toByteArray();
  }

  @Test
  public void readingAMissingBlobFailsWithNoSuchBlobNamingIt() {
    BlobName name = randomName(BlobKind.PACK, new Random(9));

    assertThatThrownBy(() -> store.get(name))
        .isInstanceOf(NoSuchBlob.class)
        .hasMessageContaining(name.path())
        .hasMessageContaining(store.location());
    assertThatThrownBy(() -> store.getRange(name, 0, 0))
        .isInstanceOf(NoSuchBlob.class)
        .hasMessageContaining(name.path());
    assertThatThrownBy(() -> store.get(BlobName.CONFIG)).isInstanceOf(NoSuchBlob.class);
  }

  @Test
  public void statOfAMissingBlobIsEmpty() {
    assertThat(store.stat(randomName(BlobKind.LOCK, new Random(10)))).isEmpty();
    assertThat(store.stat(BlobName.CONFIG)).isEmpty();
  }

  @Test
  public void anEmptyStoreListsNothing() {
    for (BlobKind kind : BlobKind.values()) {
      assertThat(store.list(kind)).as("kind %s", kind).isEmpty();
    }
  }

  @Test
  public void listReturnsExactlyTheBlobsOfEachKindWithTheirSizes() {
    Random random = new Random(11);
    Map<BlobKind, List<BlobInfo>> expected = new EnumMap<>(BlobKind.class);
    for (BlobKind kind : BlobKind.values()) {
      expected.put(kind, new ArrayList<>());
    }
    putAndExpect(BlobName.CONFIG, random, expected);
    for (BlobKind kind : BlobKind.values()) {
      for (int i = 0; kind != BlobKind.CONFIG && i < 5; i++) {
        putAndExpect(randomName(kind, random), random, expected);
      }
    }
    // Packs fan out by their first two characters: cover both ends and a shared prefix.
    for (String prefix : List.of("00", "00", "3f", "ff", "ff")) {
      putAndExpect(new BlobName(BlobKind.PACK, prefix + hex(random, 31)), random, expected);
    }

    for (BlobKind kind : BlobKind.values()) {
      assertThat(untimed(store.list(kind)))
          .as("kind %s", kind)
          .containsExactlyInAnyOrderElementsOf(expected.get(kind));
    }
  }

  /** The name and size of {@code info}: what a contract can compare exactly. */
  public static BlobInfo untimed(BlobInfo info) {
    return new BlobInfo(info.name(), info.size());
  }

  public static List<BlobInfo> untimed(List<BlobInfo> infos) {
    return infos.stream().map(BlobStoreContract::untimed).toList();
  }

  @Test
  public void statAndListTellWhenABlobWasStored() {
    BlobName name = new BlobName(BlobKind.SNAPSHOT, "ab12");
    store.putIfAbsent(name, new byte[] {1, 2, 3});
    assertThat(store.stat(name).orElseThrow().modified()).isPresent();
    assertThat(store.list(BlobKind.SNAPSHOT))
        .singleElement()
        .satisfies(
            info ->
                assertThat(info.modified()).isEqualTo(store.stat(name).orElseThrow().modified()));
  }

  private void putAndExpect(BlobName name, Random random, Map<BlobKind, List<BlobInfo>> expected) {
    byte[] data = bytes(random, random.nextInt(2000));
    assertThat(store.putIfAbsent(name, data)).as("put %s", name).isTrue();
    expected.get(name.kind()).add(new BlobInfo(name, data.length));
  }

  @Test
  public void listDoesNotMistakeNamesAcrossKinds() {
    String sameHex = hex(new Random(12), 32);
    BlobName index = new BlobName(BlobKind.INDEX, sameHex);
    store.putIfAbsent(index, new byte[3]);

    assertThat(untimed(store.list(BlobKind.INDEX))).containsExactly(new BlobInfo(index, 3));
    assertThat(untimed(store.list(BlobKind.SNAPSHOT))).isEmpty();
    assertThat(untimed(store.list(BlobKind.PACK))).isEmpty();
    assertThat(store.stat(new BlobName(BlobKind.PACK, sameHex))).isEmpty();
  }

  @Test
  public void deleteRemovesOnlyThatBlob() {
    Random random = new Random(13);
    BlobName gone = randomName(BlobKind.PACK, random);
    BlobName kept = randomName(BlobKind.PACK, random);
    store.putIfAbsent(gone, bytes(random, 10));
    store.putIfAbsent(kept, bytes(random, 20));

    store.delete(gone);

    assertThat(store.stat(gone).map(BlobStoreContract::untimed)).isEmpty();
    assertThatThrownBy(() -> store.get(gone)).isInstanceOf(NoSuchBlob.class);
    assertThat(untimed(store.list(BlobKind.PACK))).containsExactly(new BlobInfo(kept, 20));
  }

  @Test
  public void deleteIsIdempotent() {
    BlobName name = randomName(BlobKind.LOCK, new Random(14));
    store.putIfAbsent(name, new byte[1]);

    store.delete(name);
    assertThatNoException().isThrownBy(() -> store.delete(name));
    assertThatNoException().isThrownBy(() -> store.delete(BlobName.CONFIG));
    assertThat(store.stat(name).map(BlobStoreContract::untimed)).isEmpty();
  }

  @Test
  public void aDeletedNameCanBeStoredAgain() {
    Random random = new Random(15);
    BlobName name = randomName(BlobKind.LOCK, random);
    byte[] second = bytes(random, 7);
    store.putIfAbsent(name, bytes(random, 3));
    store.delete(name);

    assertThat(store.putIfAbsent(name, second)).isTrue();
    assertSameBytes(store.get(name), second, name);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  public void concurrentPutsOfOneNameStoreExactlyOneWritersBytes(long seed) throws Exception {
    Random random = new Random(seed);
    for (int round = 0; round < 5; round++) {
      BlobName name = randomName(BlobKind.PACK, random);
      byte[][] contents = new byte[THREADS][];
      for (int i = 0; i < THREADS; i++) {
        contents[i] = bytes(random, 8 * 1024 + i); // sizes differ too
      }

      List<Boolean> stored = runTogether(i -> store.putIfAbsent(name, contents[i]));

      int winner = stored.indexOf(true);
      assertThat(stored).as("seed %d round %d", seed, round).containsOnlyOnce(true);
      assertSameBytes(store.get(name), contents[winner], name);
      assertThat(untimed(store.list(BlobKind.PACK)))
          .as("seed %d round %d", seed, round)
          .contains(new BlobInfo(name, contents[winner].length));
    }
  }

  @Test
  public void concurrentPutsOfDifferentNamesAllLand() throws Exception {
    int perThread = 16;
    Random random = new Random(16);
    BlobName[][] names = new BlobName[THREADS][perThread];
    byte[][][] contents = new byte[THREADS][perThread][];
    for (int t = 0; t < THREADS; t++) {
      for (int i = 0; i < perThread; i++) {
        names[t][i] = randomName(BlobKind.PACK, random);
        contents[t][i] = bytes(random, random.nextInt(4096));
      }
    }

    List<Integer> storedPerThread =
        runTogether(
            t -> {
              int stored = 0;
              for (int i = 0; i < perThread; i++) {
                stored += store.putIfAbsent(names[t][i], contents[t][i]) ? 1 : 0;
              }
              return stored;
            });

    assertThat(storedPerThread).containsOnly(perThread);
    assertThat(untimed(store.list(BlobKind.PACK))).hasSize(THREADS * perThread);
    for (int t = 0; t < THREADS; t++) {
      for (int i = 0; i < perThread; i++) {
        assertSameBytes(store.get(names[t][i]), contents[t][i], names[t][i]);
      }
    }
  }

  @Test
  public void locationIsNotBlank() {
    assertThat(store.location()).isNotBlank();
  }

  /** Runs {@code task(0..7)} on eight threads released at the same moment. */
  private static <T> List<T> runTogether(IntFunction<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CyclicBarrier start = new CyclicBarrier(THREADS);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        int index = i;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.apply(index);
                }));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(5, TimeUnit.MINUTES)); // a bound against hanging, not a timing check
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Compares by first difference, so a failure on megabytes does not print them all. */
  protected static void assertSameBytes(byte[] actual, byte[] expected, BlobName name) {
    assertThat(actual.length).as("size of %s", name).isEqualTo(expected.length);
    assertThat(Arrays.mismatch(actual, expected))
        .as("first differing byte of %s (-1: none)", name)
        .isEqualTo(-1);
  }

  /** {@code size} random bytes. */
  protected static byte[] bytes(Random random, int size) {
    byte[] data = new byte[size];
    random.nextBytes(data);
    return data;
  }

  /**
   * A random valid name of {@code kind} (the config blob's one name for {@link BlobKind#CONFIG}).
   */
  protected static BlobName randomName(BlobKind kind, Random random) {
    return kind == BlobKind.CONFIG ? BlobName.CONFIG : new BlobName(kind, hex(random, 32));
  }

  private static String hex(Random random, int bytes) {
    return HEX.formatHex(bytes(random, bytes));
  }
}
