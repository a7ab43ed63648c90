package dev.holdfast.core.crypto;

import static dev.holdfast.core.crypto.Reference.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Argon2idTest {

  @Test
  void matchesRfc9106Argon2idTestVector() {
    // RFC 9106 section 5.3: m = 32 KiB, t = 3, p = 4, with secret and associated data.
    byte[] password = filled(32, 0x01);
    byte[] salt = filled(16, 0x02);
    byte[] secret = filled(8, 0x03);
    byte[] ad = filled(12, 0x04);

    byte[] tag =
        Argon2id.derive(password, salt, secret, ad, new KdfParams("argon2id", 32, 3, 4), 32);

    assertThat(hex(tag))
        .isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
  }

  @Test
  void outputForTestParametersIsPinned() {
    // Pins our own call path (no secret, no AD, version 1.3) so a change to it cannot go unseen.
    byte[] tag =
        Argon2id.derive(
            "correct horse".getBytes(StandardCharsets.UTF_8),
            filled(32, 0x02),
            KdfParams.forTests(),
            32);

    assertThat(hex(tag))
        .isEqualTo("0fcea18c9634fe4d9dfec5887ff25966408b667d578610c008a409ed7160473e");
  }

  @Test
  void saltAndParametersChangeTheKey() {
    byte[] pw = "pw".getBytes(StandardCharsets.UTF_8);
    byte[] base = Argon2id.derive(pw, filled(32, 1), KdfParams.forTests(), 32);

    assertThat(Argon2id.derive(pw, filled(32, 2), KdfParams.forTests(), 32)).isNotEqualTo(base);
    assertThat(Argon2id.derive(pw, filled(32, 1), new KdfParams("argon2id", 64, 2, 1), 32))
        .isNotEqualTo(base);
    assertThat(Argon2id.derive(pw, filled(32, 1), new KdfParams("argon2id", 128, 1, 1), 32))
        .isNotEqualTo(base);
  }

  private static byte[] filled(int n, int value) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) value);
    return b;
  }
}
