package dev.holdfast.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
  private final ObjectSealer cacheSealer;
  private volatile boolean destroyed;

  private MasterKey(byte[] bytes) {
    this.encKey = Arrays.copyOfRange(bytes, 0, HALF);
    this.idKey = Arrays.copyOfRange(bytes, HALF, BYTES);
    this.objectSealer = new ObjectSealer(this, Hkdf.INFO_OBJECT);
    this.cacheSealer = new ObjectSealer(this, Hkdf.INFO_CACHE);
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

  /**
   * A name that only holders of this key can compute from {@code parts} and that tells nobody else
   * anything about them: the hex HMAC-SHA256, under the subkey HKDF-SHA256(idKey,
   * "holdfast/v1/name/" + purpose), of the parts each preceded by its UTF-8 length (4 bytes, big
   * endian). Used to name objects whose plain names would leak what they are about, such as
   * application versions. Thread-safe.
   *
   * @param purpose what the name is for; different purposes never give related names
   */
  public String keyedName(String purpose, String... parts) {
    return keyedNamer(purpose).name(parts);
  }

  /**
   * {@link #keyedName} for one {@code purpose} with its subkey derived once, for naming many things
   * (the reports of many application versions). Thread-safe.
   */
  public KeyedNamer keyedNamer(String purpose) {
    Objects.requireNonNull(purpose, "purpose");
    byte[] subkey =
        Hkdf.sha256(
            idKey(), null, ("holdfast/v1/name/" + purpose).getBytes(StandardCharsets.UTF_8), 32);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(subkey, "HmacSHA256"));
      return new KeyedNamer(this, mac);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    } finally {
      Arrays.fill(subkey, (byte) 0);
    }
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

  /**
   * The sealer of this repository's local caches (the snapshot cache): sealed objects like {@link
   * #objectSealer()}'s, under keys derived with the info "holdfast/v1/cache" instead, so that
   * nothing written to a cache opens as a repository object, nor the reverse. Thread-safe.
   */
  public ObjectSealer cacheSealer() {
    checkLive();
    return cacheSealer;
  }

  /**
   * The sealer of one more kind of local cache file, {@code purpose} (for example {@code
   * "reports"}): like {@link #cacheSealer()}, under keys derived with the info {@code
   * "holdfast/v1/cache/" + purpose}, so that no cache file opens as another kind, nor as a
   * repository object. Thread-safe.
   *
   * @param purpose lower-case letters, digits and dashes
   */
  public ObjectSealer cacheSealer(String purpose) {
    checkLive();
    if (!purpose.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException("'" + purpose + "' cannot name a cache subkey");
    }
    return new ObjectSealer(
        this, ("holdfast/v1/cache/" + purpose).getBytes(StandardCharsets.US_ASCII));
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
