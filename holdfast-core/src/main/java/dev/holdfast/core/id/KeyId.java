package dev.holdfast.core.id;

import java.security.SecureRandom;

/** Random id naming one key slot. */
public record KeyId(long w0, long w1, long w2, long w3) implements Comparable<KeyId> {

  /** Reads an id from 32 bytes at {@code offset}. */
  public static KeyId of(byte[] bytes, int offset) {
    long[] w = Id256.words(bytes, offset, "KeyId");
    return new KeyId(w[0], w[1], w[2], w[3]);
  }

  /** Reads an id from exactly 32 bytes. */
  public static KeyId of(byte[] bytes) {
    return of(bytes, 0);
  }

  /** Parses the 64-character hex form. */
  public static KeyId fromHex(String hex) {
    long[] w = Id256.parseHex(hex, "KeyId");
    return new KeyId(w[0], w[1], w[2], w[3]);
  }

  /** A fresh random id. */
  public static KeyId random(SecureRandom random) {
    byte[] b = new byte[Id256.BYTES];
    random.nextBytes(b);
    return of(b);
  }

  /** The 32 bytes of this id. */
  public byte[] toBytes() {
    return Id256.bytes(w0, w1, w2, w3);
  }

  /** Writes the 32 bytes of this id into {@code into} at {@code offset}. */
  public void writeTo(byte[] into, int offset) {
    Id256.write(w0, w1, w2, w3, into, offset);
  }

  /** The full 64-character hex form. */
  public String toHex() {
    return Id256.hex(w0, w1, w2, w3);
  }

  /** The first eight hex characters, as shown to people. */
  public String toShortHex() {
    return toHex().substring(0, Id256.SHORT_HEX);
  }

  @Override
  public int compareTo(KeyId o) {
    int c = Long.compareUnsigned(w0, o.w0);
    if (c == 0) c = Long.compareUnsigned(w1, o.w1);
    if (c == 0) c = Long.compareUnsigned(w2, o.w2);
    if (c == 0) c = Long.compareUnsigned(w3, o.w3);
    return c;
  }

  @Override
  public String toString() {
    return toShortHex();
  }
}
