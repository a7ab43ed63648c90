package dev.holdfast.core.crypto;

import static dev.holdfast.core.crypto.Reference.hex;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HkdfTest {

  @Test
  void matchesRfc5869TestCase1() {
    byte[] ikm = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
    byte[] salt = hex("000102030405060708090a0b0c");
    byte[] info = hex("f0f1f2f3f4f5f6f7f8f9");

    byte[] okm = Hkdf.sha256(ikm, salt, info, 42);

    assertThat(hex(okm))
        .isEqualTo(
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  }

  @Test
  void emptySaltMatchesRfc5869TestCase3() {
    // Test case 3 is the "no salt, no info" case the chunker seed relies on.
    byte[] ikm = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
    String expected =
        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8";

    assertThat(hex(Hkdf.sha256(ikm, new byte[0], new byte[0], 42))).isEqualTo(expected);
    assertThat(hex(Hkdf.sha256(ikm, null, new byte[0], 42))).isEqualTo(expected);
  }

  @Test
  void agreesWithIndependentImplementation() throws Exception {
    byte[] ikm = Reference.countingMasterBytes();
    byte[] salt = hex("ff".repeat(32));

    assertThat(Hkdf.sha256(ikm, salt, Hkdf.INFO_PACK, 32))
        .isEqualTo(Reference.hkdf(ikm, salt, "holdfast/v1/pack".getBytes("US-ASCII"), 32));
  }
}
