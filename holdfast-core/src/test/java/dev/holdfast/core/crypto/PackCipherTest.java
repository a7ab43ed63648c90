package dev.holdfast.core.crypto;

import static dev.holdfast.core.crypto.ObjectSealerTest.flip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PackCipherTest {
  private static final int MAX_SIZE = 2 * 1024 * 1024;

  private final MasterKey key = MasterKey.fromBytes(Reference.countingMasterBytes());
  private final byte[] aad = aad(0x01, 7);

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void roundTripsRandomSizesAtOffsets(long seed) {
    Random random = new Random(seed);
    int size = random.nextInt(MAX_SIZE + 1);
    byte[] in = Reference.randomBytes(random, size + 20);
    int inOff = random.nextInt(20);
    int outOff = random.nextInt(20);
    byte[] out = new byte[outOff + size + PackCipher.TAG_BYTES + 5];
    Arrays.fill(out, (byte) 0x5a);
    long nonce = random.nextLong() & Long.MAX_VALUE;
    PackCipher writer = key.newPackCipher(Reference.seeded(seed));

    int written = writer.seal(nonce, aad, in, inOff, size, out, outOff);

    assertThat(written).as("seed %d", seed).isEqualTo(size + PackCipher.TAG_BYTES);
    assertThat(Arrays.copyOfRange(out, outOff + written, out.length))
        .as("seed %d: bytes after the blob untouched", seed)
        .containsOnly((byte) 0x5a);
    PackCipher reader = key.packCipher(writer.salt());
    assertThat(reader.open(nonce, aad, out, outOff, written))
        .as("seed %d", seed)
        .isEqualTo(Arrays.copyOfRange(in, inOff, inOff + size));
  }

  @ParameterizedTest
  @ValueSource(longs = {7, 8, 9})
  void opensIntoAReusedBufferWithoutTouchingItsTail(long seed) {
    Random random = new Random(seed);
    int size = random.nextInt(MAX_SIZE + 1);
    byte[] plain = Reference.randomBytes(random, size);
    PackCipher writer = key.newPackCipher(Reference.seeded(seed));
    byte[] sealed = new byte[size + PackCipher.TAG_BYTES];
    writer.seal(42, aad, plain, 0, size, sealed, 0);
    byte[] scratch = new byte[size + 100];
    Arrays.fill(scratch, (byte) 0x5a);

    int n = key.packCipher(writer.salt()).openInto(42, aad, sealed, 0, sealed.length, scratch);

    assertThat(n).as("seed %d", seed).isEqualTo(size);
    assertThat(Arrays.copyOf(scratch, n)).as("seed %d", seed).isEqualTo(plain);
    assertThat(Arrays.copyOfRange(scratch, n, scratch.length)).containsOnly((byte) 0x5a);
  }

  @Test
  void threadsShareOneCipherOfAPack() throws Exception {
    Random random = new Random(21);
    PackCipher writer = key.newPackCipher(Reference.seeded(21));
    int blobs = 64;
    byte[][] plain = new byte[blobs][];
    byte[][] sealed = new byte[blobs][];
    for (int i = 0; i < blobs; i++) {
      plain[i] = Reference.randomBytes(random, 1 + random.nextInt(4096));
      sealed[i] = new byte[plain[i].length + PackCipher.TAG_BYTES];
      writer.seal(i * 10_000L, aad, plain[i], 0, plain[i].length, sealed[i], 0);
    }
    PackCipher shared = key.packCipher(writer.salt());
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
      for (int round = 0; round < 50; round++) {
        for (int i = 0; i < blobs; i++) {
          int blob = i;
          results.add(
              pool.submit(
                  () ->
                      Arrays.equals(
                          shared.open(blob * 10_000L, aad, sealed[blob], 0, sealed[blob].length),
                          plain[blob])));
        }
      }
      for (java.util.concurrent.Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void openIntoRefusesATamperedBlobAndATooShortBuffer() {
    byte[] plain = "a chunk of file data".getBytes(StandardCharsets.UTF_8);
    PackCipher writer = key.newPackCipher(Reference.seeded(3));
    byte[] sealed = new byte[plain.length + PackCipher.TAG_BYTES];
    writer.seal(5, aad, plain, 0, plain.length, sealed, 0);
    PackCipher reader = key.packCipher(writer.salt());

    assertThatThrownBy(
            () -> reader.openInto(5, aad, flip(sealed, 3), 0, sealed.length, new byte[64]))
        .isInstanceOf(AuthenticationFailed.class);
    assertThatThrownBy(
            () -> reader.openInto(5, aad, sealed, 0, sealed.length, new byte[plain.length - 1]))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> reader.openInto(5, aad, sealed, 0, 15, new byte[64]))
        .isInstanceOf(AuthenticationFailed.class)
        .hasMessageContaining("less than its tag");
  }

  @Test
  void keyAndNonceFollowTheFormat() throws Exception {
    byte[] plain = "chunk".getBytes(StandardCharsets.UTF_8);
    PackCipher pack = key.newPackCipher(Reference.seeded(1));
    byte[] out = new byte[plain.length + 16];
    long offset = 0x0102030405060708L;

    pack.seal(offset, aad, plain, 0, plain.length, out, 0);

    byte[] encKey = Arrays.copyOfRange(Reference.countingMasterBytes(), 0, 32);
    byte[] packKey =
        Reference.hkdf(
            encKey, pack.salt(), "holdfast/v1/pack".getBytes(StandardCharsets.US_ASCII), 32);
    byte[] nonce = Reference.hex("00000000 0102030405060708");
    assertThat(Reference.gcmOpen(packKey, nonce, aad, out, 0, out.length)).isEqualTo(plain);
  }

  @Test
  void trailerNonceRoundTrips() {
    PackCipher pack = key.newPackCipher(Reference.seeded(1));
    byte[] out = new byte[100 + 16];

    pack.seal(Long.MAX_VALUE, aad, new byte[100], 0, 100, out, 0);

    assertThat(pack.open(Long.MAX_VALUE, aad, out, 0, out.length)).isEqualTo(new byte[100]);
  }

  @Test
  void everySingleBitFlipFailsAuthentication() {
    PackCipher pack = key.newPackCipher(Reference.seeded(1));
    byte[] plain = Reference.randomBytes(new Random(1), 50);
    byte[] blob = new byte[plain.length + 16];
    pack.seal(4096, aad, plain, 0, plain.length, blob, 0);

    for (int bit = 0; bit < blob.length * 8; bit++) {
      byte[] damaged = flip(blob, bit);
      int b = bit;
      assertThatThrownBy(() -> pack.open(4096, aad, damaged, 0, damaged.length))
          .as("bit %d", b)
          .isInstanceOf(AuthenticationFailed.class);
    }
  }

  @Test
  void sampledBitFlipsInLargeBlobFailAuthentication() {
    long seed = 5;
    Random random = new Random(seed);
    PackCipher pack = key.newPackCipher(Reference.seeded(seed));
    byte[] plain = Reference.randomBytes(random, 1 << 20);
    byte[] blob = new byte[plain.length + 16];
    pack.seal(0, aad, plain, 0, plain.length, blob, 0);

    for (int i = 0; i < 40; i++) {
      int bit =
          i % 2 == 0 ? blob.length * 8 - 1 - random.nextInt(128) : random.nextInt(blob.length * 8);
      byte[] damaged = flip(blob, bit);
      assertThatThrownBy(() -> pack.open(0, aad, damaged, 0, damaged.length))
          .as("seed %d bit %d", seed, bit)
          .isInstanceOf(AuthenticationFailed.class);
    }
  }

  @Test
  void wrongNonceAadOrPackFailsAuthentication() {
    PackCipher pack = key.newPackCipher(Reference.seeded(1));
    byte[] blob = new byte[1000 + 16];
    pack.seal(512, aad, new byte[1000], 0, 1000, blob, 0);

    assertThatThrownBy(() -> pack.open(513, aad, blob, 0, blob.length))
        .isInstanceOf(AuthenticationFailed.class);
    assertThatThrownBy(() -> pack.open(Long.MAX_VALUE, aad, blob, 0, blob.length))
        .isInstanceOf(AuthenticationFailed.class);
    assertThatThrownBy(() -> pack.open(512, aad(0x02, 7), blob, 0, blob.length))
        .isInstanceOf(AuthenticationFailed.class);
    assertThatThrownBy(() -> pack.open(512, aad(0x01, 8), blob, 0, blob.length))
        .isInstanceOf(AuthenticationFailed.class);
    assertThatThrownBy(() -> pack.open(512, new byte[0], blob, 0, blob.length))
        .isInstanceOf(AuthenticationFailed.class);
    PackCipher otherPack = key.newPackCipher(Reference.seeded(2));
    assertThatThrownBy(() -> otherPack.open(512, aad, blob, 0, blob.length))
        .isInstanceOf(AuthenticationFailed.class);
    PackCipher otherKey = MasterKey.generate(Reference.seeded(3)).packCipher(pack.salt());
    assertThatThrownBy(() -> otherKey.open(512, aad, blob, 0, blob.length))
        .isInstanceOf(AuthenticationFailed.class);
  }

  @Test
  void blobShorterThanTagFailsAuthentication() {
    PackCipher pack = key.newPackCipher(Reference.seeded(1));

    assertThatThrownBy(() -> pack.open(0, aad, new byte[15], 0, 15))
        .isInstanceOf(AuthenticationFailed.class)
        .hasMessageContaining("too short");
  }

  @Test
  void outputTooSmallIsRefusedBeforeWriting() {
    PackCipher pack = key.newPackCipher(Reference.seeded(1));
    byte[] out = new byte[100 + 15];

    assertThatThrownBy(() -> pack.seal(0, aad, new byte[100], 0, 100, out, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(out).containsOnly((byte) 0);
  }

  @Test
  void sameNonceTwiceInARowIsRefused() {
    PackCipher pack = key.newPackCipher(Reference.seeded(1));
    byte[] out = new byte[10 + 16];
    pack.seal(64, aad, new byte[10], 0, 10, out, 0);

    assertThatThrownBy(() -> pack.seal(64, aad, new byte[10], 0, 10, out, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nonce reused");
  }

  @Test
  void freshPacksGetFreshSaltsAndSaltIsACopy() {
    PackCipher a = key.newPackCipher(new java.security.SecureRandom());
    PackCipher b = key.newPackCipher(new java.security.SecureRandom());
    byte[] salt = a.salt();

    salt[0] ^= 1;

    assertThat(a.salt()).hasSize(PackCipher.SALT_BYTES).isNotEqualTo(b.salt());
    assertThat(a.salt()).isNotEqualTo(salt);
  }

  @Test
  void saltOfWrongLengthIsRejected() {
    assertThatThrownBy(() -> key.packCipher(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
  }

  /** What the pack layer authenticates with each blob: its type byte and chunk id. */
  private static byte[] aad(int type, long idWord) {
    return ByteBuffer.allocate(33).put((byte) type).putLong(idWord).array();
  }
}
