package dev.holdfast.core.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * The repository's 64-byte secret: an encryption key (bytes 0-31) from which every object and pack
 * key is derived, and an id key (bytes 32-63) that keys chunk ids and the chunker seed. It never
 * prints its bytes; {@link #destroy()} zeroes them and makes every object made from it refuse
 * further use.
 */
public final class MasterKey {
  /** Length of the master key in bytes. */
  public static final int BYTES = 64;

  private static final int HALF = BYTES / 2;

  private final byte[] encKey;
  private final byte[] idKey;
  private final ObjectSealer objectSealer;
  private volatile boolean destroyed;

  private MasterKey(byte[] bytes) {
    this.encKey = Arrays.copyOfRange(bytes, 0, HALF);
    this.idKey = Arrays.copyOfRange(bytes, HALF, BYTES);
    this.objectSealer = new ObjectSealer(this);
  }

  /** A fresh random master key, for a new repository. */
  public static MasterKey generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    byte[] bytes = new byte[BYTES];
    random.nextBytes(bytes);
    try {
      return new MasterKey(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** A master key from its 64 bytes; the array is copied, so the caller may wipe it. */
  public static MasterKey fromBytes(byte[] sixtyFour) {
    Objects.requireNonNull(sixtyFour, "master key bytes");
    if (sixtyFour.length != BYTES) {
      throw new IllegalArgumentException(
          "master key must be " + BYTES + " bytes, was " + sixtyFour.length);
    }
    return new MasterKey(sixtyFour);
  }

  /** The 32-byte seed of the content-defined chunker, HKDF-SHA256(idKey, "holdfast/v1/chunker"). */
  public byte[] chunkerSeed() {
    return Hkdf.sha256(idKey(), null, Hkdf.INFO_CHUNKER, 32);
  }

  /** A keyed chunk hasher for the calling thread (it is not thread-safe). */
  public ChunkHasher newChunkHasher() {
    return new ChunkHasher(this);
  }

  /** The sealer of standalone objects (config, index files, snapshot manifests); thread-safe. */
  public ObjectSealer objectSealer() {
    checkLive();
    return objectSealer;
  }

  /** A cipher for writing one new pack, with a fresh random salt. */
  public PackCipher newPackCipher(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    byte[] salt = new byte[PackCipher.SALT_BYTES];
    random.nextBytes(salt);
    return new PackCipher(this, salt);
  }

  /** The cipher of an existing pack, given the salt read from its header. */
  public PackCipher packCipher(byte[] salt32) {
    return new PackCipher(this, salt32);
  }

  /**
   * Zeroes the key bytes. Afterwards this key and every hasher, sealer and pack cipher made from it
   * throw {@link IllegalStateException}. Call it once no other thread is using the key; copies the
   * JDK holds inside initialised ciphers and MACs are beyond reach and left to the collector.
   */
  public void destroy() {
    destroyed = true;
    Arrays.fill(encKey, (byte) 0);
    Arrays.fill(idKey, (byte) 0);
  }

  /** True once {@link #destroy()} has run. */
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return "MasterKey[redacted]";
  }

  void checkLive() {
    if (destroyed) {
      throw new IllegalStateException("master key has been destroyed");
    }
  }

  /** The encryption key itself, not a copy: callers must not modify or keep it. */
  byte[] encKey() {
    checkLive();
    return encKey;
  }

  /** The id key itself, not a copy: callers must not modify or keep it. */
  byte[] idKey() {
    checkLive();
    return idKey;
  }

  /** A copy of all 64 bytes, for wrapping into a key slot; the caller wipes it. */
  byte[] toBytes() {
    checkLive();
    byte[] bytes = new byte[BYTES];
    System.arraycopy(encKey, 0, bytes, 0, HALF);
    System.arraycopy(idKey, 0, bytes, HALF, HALF);
    return bytes;
  }
}
