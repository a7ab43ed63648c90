package dev.holdfast.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PassphraseTest {

  @Test
  void decomposedInputIsComposedBeforeEncoding() throws Exception {
    char[] nfd = "cafe\u0301 \u212b".toCharArray(); // e + combining acute; Angstrom sign

    byte[] bytes = Passphrase.nfcUtf8(nfd);

    assertThat(bytes).isEqualTo("caf\u00e9 \u00c5".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void encodesOutsideTheBasicPlaneAsUtf8() throws Exception {
    String s = "pw \ud83d\udd11 \u4e2d\u6587";

    assertThat(Passphrase.nfcUtf8(s.toCharArray())).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
    assertThat(Passphrase.nfcUtf8(new char[0])).isEmpty();
  }

  @Test
  void unpairedSurrogateIsRefused() {
    assertThatThrownBy(() -> Passphrase.nfcUtf8(new char[] {'a', '\ud83d', 'b'}))
        .isInstanceOf(CharacterCodingException.class);
  }
}
