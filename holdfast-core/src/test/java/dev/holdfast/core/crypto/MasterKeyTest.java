package dev.holdfast.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class MasterKeyTest {

  @Test
  void chunkerSeedIsHkdfOfIdKeyWithEmptySalt() throws Exception {
    byte[] bytes = Reference.countingMasterBytes();
    byte[] idKey = Arrays.copyOfRange(bytes, 32, 64);

    byte[] seed = MasterKey.fromBytes(bytes).chunkerSeed();

    assertThat(seed)
        .isEqualTo(
            Reference.hkdf(
                idKey, new byte[0], "holdfast/v1/chunker".getBytes(StandardCharsets.US_ASCII), 32));
  }

  @Test
  void keyedNameIsHmacOfLengthPrefixedPartsUnderThePurposeSubkey() throws Exception {
    byte[] bytes = Reference.countingMasterBytes();
    byte[] subkey =
        Reference.hkdf(
            Arrays.copyOfRange(bytes, 32, 64),
            new byte[0],
            "holdfast/v1/name/report".getBytes(StandardCharsets.US_ASCII),
            32);
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(subkey, "HmacSHA256"));
    mac.update(new byte[] {0, 0, 0, 3});
    mac.update("app".getBytes(StandardCharsets.UTF_8));
    mac.update(new byte[] {0, 0, 0, 2});
    mac.update("v1".getBytes(StandardCharsets.UTF_8));

    String name = MasterKey.fromBytes(bytes).keyedName("report", "app", "v1");

    assertThat(name).isEqualTo(java.util.HexFormat.of().formatHex(mac.doFinal()));
  }

  @Test
  void keyedNamesDependOnPurposeBoundariesAndKey() {
    MasterKey key = MasterKey.fromBytes(Reference.countingMasterBytes());
    String name = key.keyedName("report", "ab", "c");

    assertThat(key.keyedName("report", "a", "bc")).isNotEqualTo(name);
    assertThat(key.keyedName("waiver", "ab", "c")).isNotEqualTo(name);
    assertThat(MasterKey.generate(Reference.seeded(3)).keyedName("report", "ab", "c"))
        .isNotEqualTo(name);
  }

  @Test
  void fromBytesCopiesItsInput() {
    byte[] bytes = Reference.countingMasterBytes();
    MasterKey key = MasterKey.fromBytes(bytes);
    byte[] seedBefore = key.chunkerSeed();

    Arrays.fill(bytes, (byte) 0);

    assertThat(key.chunkerSeed()).isEqualTo(seedBefore);
  }

  @Test
  void fromBytesRejectsWrongLength() {
    assertThatThrownBy(() -> MasterKey.fromBytes(new byte[32]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 bytes");
  }

  @Test
  void generatedKeysDiffer() {
    MasterKey a = MasterKey.generate(Reference.seeded(1));
    MasterKey b = MasterKey.generate(Reference.seeded(2));

    assertThat(a.chunkerSeed()).isNotEqualTo(b.chunkerSeed());
  }

  @Test
  void toStringRevealsNoKeyBytes() {
    byte[] bytes = Reference.randomBytes(new java.util.Random(7), 64);
    MasterKey key = MasterKey.fromBytes(bytes);

    String s = key.toString();

    assertThat(s).isEqualTo("MasterKey[redacted]");
    assertNoneOf(s, bytes);
  }

  @Test
  void destroyMakesKeyAndEverythingMadeFromItUnusable() {
    MasterKey key = MasterKey.fromBytes(Reference.countingMasterBytes());
    ChunkHasher hasher = key.newChunkHasher();
    ObjectSealer sealer = key.objectSealer();
    ObjectSealer cacheSealer = key.cacheSealer();
    PackCipher pack = key.newPackCipher(Reference.seeded(1));
    byte[] sealed = sealer.seal("config", new byte[10]);
    byte[] cached = cacheSealer.seal("cache", new byte[10]);

    key.destroy();

    assertThat(key.isDestroyed()).isTrue();
    assertThatThrownBy(key::chunkerSeed).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> hasher.hash(new byte[1], 0, 1))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> sealer.open("config", sealed))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> cacheSealer.open("cache", cached))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(key::cacheSealer).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> pack.seal(0, new byte[0], new byte[1], 0, 1, new byte[17], 0))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> key.packCipher(new byte[32]))
        .isInstanceOf(IllegalStateException.class);
  }

  /** Asserts that neither the key nor either half appears in hex or base64. */
  static void assertNoneOf(String text, byte[] key) {
    for (byte[] part :
        new byte[][] {key, Arrays.copyOfRange(key, 0, 32), Arrays.copyOfRange(key, 32, 64)}) {
      String hex = Reference.hex(part);
      assertThat(text.toLowerCase())
          .doesNotContain(hex)
          .doesNotContain(hex.substring(0, 16))
          .doesNotContain(hex.substring(hex.length() - 16));
      assertThat(text)
          .doesNotContain(Base64.getEncoder().encodeToString(part))
          .doesNotContain(Base64.getEncoder().encodeToString(part).substring(0, 12))
          .doesNotContain(Base64.getUrlEncoder().encodeToString(part).substring(0, 12));
    }
  }
}
