package dev.holdfast.core.id;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * Conversions shared by the 256-bit id records: an id is held as four longs so that records get
 * value equality and a cheap hash code for free, and prints as lower-case hex.
 */
public final class Id256 {
  /** Length of every id in bytes. */
  public static final int BYTES = 32;

  /** Length of the short form used in messages and tables (hex characters). */
  public static final int SHORT_HEX = 8;

  private static final HexFormat HEX = HexFormat.of();

  private Id256() {}

  static long[] words(byte[] bytes, int offset, String what) {
    if (bytes == null || offset < 0 || bytes.length - offset < BYTES) {
      throw new IllegalArgumentException(what + " needs " + BYTES + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, offset, BYTES);
    return new long[] {b.getLong(), b.getLong(), b.getLong(), b.getLong()};
  }

  static long[] parseHex(String hex, String what) {
    if (hex == null || hex.length() != BYTES * 2) {
      throw new IllegalArgumentException(what + " must be 64 hex characters");
    }
    try {
      return words(HEX.parseHex(hex), 0, what);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " must be 64 hex characters");
    }
  }

  static byte[] bytes(long w0, long w1, long w2, long w3) {
    return ByteBuffer.allocate(BYTES).putLong(w0).putLong(w1).putLong(w2).putLong(w3).array();
  }

  static void write(long w0, long w1, long w2, long w3, byte[] into, int offset) {
    ByteBuffer.wrap(into, offset, BYTES).putLong(w0).putLong(w1).putLong(w2).putLong(w3);
  }

  static String hex(long w0, long w1, long w2, long w3) {
    return HEX.toHexDigits(w0) + HEX.toHexDigits(w1) + HEX.toHexDigits(w2) + HEX.toHexDigits(w3);
  }

  /** True when {@code s} is non-empty lower- or upper-case hex of at most 64 characters. */
  public static boolean isHexPrefix(String s) {
    if (s == null || s.isEmpty() || s.length() > BYTES * 2) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
