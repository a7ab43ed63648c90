package dev.holdfast.core.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;

/**
 * Turns a passphrase into the bytes the KDF hashes: Unicode NFC, then UTF-8, so that the same
 * passphrase typed on systems that compose accents differently (macOS input is often NFD) opens the
 * same key slot.
 */
final class Passphrase {
  private Passphrase() {}

  /**
   * The NFC UTF-8 bytes of {@code passphrase}; the caller wipes them. An already-normalised
   * passphrase is encoded straight from the array; otherwise {@link Normalizer} makes a String copy
   * that Java offers no way to wipe.
   *
   * @throws CharacterCodingException when it holds an unpaired surrogate (not valid Unicode)
   */
  static byte[] nfcUtf8(char[] passphrase) throws CharacterCodingException {
    CharSequence text = CharBuffer.wrap(passphrase);
    if (!Normalizer.isNormalized(text, Normalizer.Form.NFC)) {
      text = Normalizer.normalize(text, Normalizer.Form.NFC);
    }
    CharsetEncoder encoder =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    // Sized for the worst case so the encoder never grows (and abandons) an unwiped buffer.
    byte[] buf = new byte[Math.multiplyExact(text.length(), 3)];
    try {
      ByteBuffer out = ByteBuffer.wrap(buf);
      CoderResult r = encoder.encode(CharBuffer.wrap(text), out, true);
      if (r.isUnderflow()) {
        r = encoder.flush(out);
      }
      if (!r.isUnderflow()) {
        r.throwException();
      }
      return Arrays.copyOf(buf, out.position());
    } finally {
      Arrays.fill(buf, (byte) 0);
    }
  }
}
