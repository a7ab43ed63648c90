package dev.holdfast.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectSealerTest {
  private static final int MAX_SIZE = 2 * 1024 * 1024;
  private static final String CONTEXT = "snapshots/ab12cd34";

  private final MasterKey key = MasterKey.fromBytes(Reference.countingMasterBytes());
  private final ObjectSealer sealer = key.objectSealer();

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void roundTripsRandomSizes(long seed) {
    Random random = new Random(seed);
    byte[] plain = Reference.randomBytes(random, random.nextInt(MAX_SIZE + 1));

    byte[] sealed = sealer.seal(CONTEXT, plain);

    assertThat(sealed.length).as("seed %d", seed).isEqualTo(plain.length + ObjectSealer.OVERHEAD);
    assertThat(sealer.open(CONTEXT, sealed)).as("seed %d", seed).isEqualTo(plain);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 15, 16, 17, 65535, 65536, 65537, 131077})
  void roundTripsSizesAroundBlockAndSliceEdges(int size) {
    byte[] plain = Reference.randomBytes(new Random(size), size);

    assertThat(sealer.open(CONTEXT, sealer.seal(CONTEXT, plain))).isEqualTo(plain);
  }

  @Test
  void layoutIsFormatByteSaltCiphertextTag() throws Exception {
    byte[] plain = "the config".getBytes(StandardCharsets.UTF_8);

    byte[] sealed = sealer.seal(CONTEXT, plain);

    assertThat(sealed[0]).isEqualTo((byte) 0x01);
    assertThat(openByReference(sealed, "holdfast/v1/object")).isEqualTo(plain);
  }

  @Test
  void cacheSealerKeysObjectsWithTheCacheInfo() throws Exception {
    byte[] plain = "a cached listing".getBytes(StandardCharsets.UTF_8);

    byte[] sealed = key.cacheSealer().seal(CONTEXT, plain);

    assertThat(sealed[0]).isEqualTo((byte) 0x01);
    assertThat(openByReference(sealed, "holdfast/v1/cache")).isEqualTo(plain);
  }

  /**
   * Opens {@code sealed} as FORMAT.md says, with the reference HKDF and GCM, under {@code info}.
   */
  private static byte[] openByReference(byte[] sealed, String info) throws Exception {
    byte[] encKey = Arrays.copyOfRange(Reference.countingMasterBytes(), 0, 32);
    byte[] salt = Arrays.copyOfRange(sealed, 1, 33);
    byte[] objectKey = Reference.hkdf(encKey, salt, info.getBytes(StandardCharsets.US_ASCII), 32);
    return Reference.gcmOpen(
        objectKey,
        new byte[12],
        CONTEXT.getBytes(StandardCharsets.UTF_8),
        sealed,
        33,
        sealed.length - 33);
  }

  @Test
  void cacheAndRepositoryObjectsNeverOpenAsEachOther() {
    byte[] cached = key.cacheSealer().seal(CONTEXT, new byte[100]);
    byte[] stored = sealer.seal(CONTEXT, new byte[100]);

    assertThatThrownBy(() -> sealer.open(CONTEXT, cached)).isInstanceOf(AuthenticationFailed.class);
    assertThatThrownBy(() -> key.cacheSealer().open(CONTEXT, stored))
        .isInstanceOf(AuthenticationFailed.class);
  }

  @Test
  void everySingleBitFlipFailsAuthentication() {
    byte[] sealed = sealer.seal(CONTEXT, Reference.randomBytes(new Random(1), 40));

    for (int bit = 0; bit < sealed.length * 8; bit++) {
      byte[] damaged = flip(sealed, bit);
      int b = bit;
      assertThatThrownBy(() -> sealer.open(CONTEXT, damaged))
          .as("bit %d", b)
          .isInstanceOf(AuthenticationFailed.class);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2})
  void sampledBitFlipsInLargeObjectFailAuthentication(long seed) {
    Random random = new Random(seed);
    byte[] sealed = sealer.seal(CONTEXT, Reference.randomBytes(random, 1 << 20));
    int bits = sealed.length * 8;

    for (int i = 0; i < 40; i++) {
      // Half in the header and tag, where a bug would most likely hide, half anywhere.
      int bit =
          i % 2 == 0
              ? (i % 4 == 0 ? random.nextInt(33 * 8) : bits - 1 - random.nextInt(16 * 8))
              : random.nextInt(bits);
      byte[] damaged = flip(sealed, bit);
      assertThatThrownBy(() -> sealer.open(CONTEXT, damaged))
          .as("seed %d bit %d", seed, bit)
          .isInstanceOf(AuthenticationFailed.class);
    }
  }

  @Test
  void wrongContextFailsAuthentication() {
    byte[] sealed = sealer.seal("index/0001", new byte[100]);

    assertThatThrownBy(() -> sealer.open("index/0002", sealed))
        .isInstanceOf(AuthenticationFailed.class);
    assertThatThrownBy(() -> sealer.open("", sealed)).isInstanceOf(AuthenticationFailed.class);
  }

  @Test
  void otherMasterKeyFailsAuthentication() {
    byte[] sealed = sealer.seal(CONTEXT, new byte[100]);
    ObjectSealer other = MasterKey.generate(Reference.seeded(3)).objectSealer();

    assertThatThrownBy(() -> other.open(CONTEXT, sealed)).isInstanceOf(AuthenticationFailed.class);
  }

  @Test
  void sealingTwiceGivesDifferentBytes() {
    byte[] plain = new byte[64];

    byte[] a = sealer.seal(CONTEXT, plain);
    byte[] b = sealer.seal(CONTEXT, plain);

    assertThat(a).isNotEqualTo(b);
    assertThat(Arrays.copyOfRange(a, 1, 33)).isNotEqualTo(Arrays.copyOfRange(b, 1, 33));
  }

  @Test
  void tooShortOrUnknownFormatFailsAuthenticationWithClearMessage() {
    byte[] sealed = sealer.seal(CONTEXT, new byte[0]);
    byte[] truncated = Arrays.copyOf(sealed, ObjectSealer.OVERHEAD - 1);
    byte[] otherFormat = sealed.clone();
    otherFormat[0] = 0x02;

    assertThatThrownBy(() -> sealer.open(CONTEXT, truncated))
        .isInstanceOf(AuthenticationFailed.class)
        .hasMessageContaining("too short");
    assertThatThrownBy(() -> sealer.open(CONTEXT, new byte[0]))
        .isInstanceOf(AuthenticationFailed.class);
    assertThatThrownBy(() -> sealer.open(CONTEXT, otherFormat))
        .isInstanceOf(AuthenticationFailed.class)
        .hasMessageContaining("format byte 0x02");
  }

  @Test
  void failureMessageHoldsNoSecretOrData() {
    byte[] plain = "secret plaintext".getBytes(StandardCharsets.UTF_8);
    byte[] sealed = sealer.seal(CONTEXT, plain);
    sealed[sealed.length - 1] ^= 1;

    Throwable t = catchThrowable(() -> sealer.open(CONTEXT, sealed));

    assertThat(t).isInstanceOf(AuthenticationFailed.class);
    assertThat(t.getMessage()).doesNotContain("secret plaintext");
    MasterKeyTest.assertNoneOf(t.getMessage(), Reference.countingMasterBytes());
  }

  @Test
  void isUsableFromManyThreadsAtOnce() throws Exception {
    int threads = 4;
    Thread[] workers = new Thread[threads];
    Throwable[] failures = new Throwable[threads];
    for (int t = 0; t < threads; t++) {
      int id = t;
      workers[t] =
          new Thread(
              () -> {
                try {
                  Random random = new Random(id);
                  for (int i = 0; i < 200; i++) {
                    byte[] plain = Reference.randomBytes(random, random.nextInt(5000));
                    String context = "index/" + id + "/" + i;
                    byte[] opened = sealer.open(context, sealer.seal(context, plain));
                    if (!Arrays.equals(opened, plain)) {
                      throw new AssertionError("thread " + id + " object " + i + " differs");
                    }
                  }
                } catch (Throwable e) {
                  failures[id] = e;
                }
              });
      workers[t].start();
    }
    for (Thread w : workers) {
      w.join();
    }

    assertThat(failures).containsOnlyNulls();
  }

  static byte[] flip(byte[] bytes, int bit) {
    byte[] copy = bytes.clone();
    copy[bit / 8] ^= (byte) (1 << (bit % 8));
    return copy;
  }
}
