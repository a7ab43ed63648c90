package dev.holdfast.core.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdfast.core.id.KeyId;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One key slot: the master key wrapped (AES-256-GCM) under a key derived from a passphrase with
 * Argon2id. Stored unencrypted as JSON at {@code keys/<id hex>}, it is the header that names the
 * KDF parameters; those parameters and the id are bound into the wrapping as associated data, so
 * tampering with them, or moving the file to another name, makes unlocking fail. Immutable; {@link
 * #toString()} shows only id, kdf, created, host and username.
 *
 * @param id the slot's name, from its storage name (it is not written in the JSON)
 * @param salt the 32-byte Argon2id salt
 * @param wrappedKey {@code nonce[12] || ciphertext[64] || tag[16]}
 */
public record KeySlot(
    KeyId id,
    KdfParams kdf,
    byte[] salt,
    Instant created,
    String host,
    String username,
    byte[] wrappedKey) {

  /** The only key slot format this code reads and writes. */
  public static final int VERSION = 1;

  /** Largest key slot file {@link #parse} accepts; a real one is under 1 KiB. */
  public static final int MAX_JSON_BYTES = 64 * 1024;

  /** Length of the Argon2id salt. */
  public static final int SALT_BYTES = 32;

  /** Length of {@link #wrappedKey()}: nonce, encrypted master key, tag. */
  public static final int WRAPPED_KEY_BYTES = Gcm.NONCE_BYTES + MasterKey.BYTES + Gcm.TAG_BYTES;

  /** Longest host or user name kept, so that every slot we write also parses. */
  public static final int MAX_NAME_CHARS = 1024;

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final Set<String> FIELDS =
      Set.of("version", "kdf", "created", "host", "username", "wrappedKey");
  private static final Set<String> KDF_FIELDS =
      Set.of("algorithm", "memoryKiB", "iterations", "parallelism", "salt");

  public KeySlot {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kdf, "kdf");
    Objects.requireNonNull(created, "created");
    checkName(host, "host");
    checkName(username, "username");
    salt = checkLength(salt, SALT_BYTES, "kdf.salt").clone();
    wrappedKey = checkLength(wrappedKey, WRAPPED_KEY_BYTES, "wrappedKey").clone();
  }

  /**
   * Wraps {@code key} under {@code passphrase}, with a fresh random salt and nonce. The passphrase
   * is normalised to Unicode NFC before hashing; the caller still owns and wipes the array.
   *
   * @throws IllegalArgumentException when the passphrase holds an unpaired surrogate
   */
  public static KeySlot create(
      KeyId id,
      MasterKey key,
      char[] passphrase,
      KdfParams kdf,
      Instant created,
      String host,
      String username,
      SecureRandom random) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(passphrase, "passphrase");
    Objects.requireNonNull(kdf, "kdf");
    Objects.requireNonNull(random, "random");
    checkName(host, "host");
    checkName(username, "username");
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] wrapped = new byte[WRAPPED_KEY_BYTES];
    random.nextBytes(wrapped); // the first 12 bytes are the nonce; the rest is overwritten
    byte[] kek;
    try {
      kek = deriveKek(passphrase, salt, kdf);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("passphrase is not valid Unicode (unpaired surrogate)");
    }
    byte[] master = key.toBytes();
    try {
      Gcm.seal(
          Gcm.key(kek),
          Arrays.copyOf(wrapped, Gcm.NONCE_BYTES),
          aad(id, kdf),
          master,
          0,
          master.length,
          wrapped,
          Gcm.NONCE_BYTES);
    } finally {
      Arrays.fill(kek, (byte) 0);
      Arrays.fill(master, (byte) 0);
    }
    return new KeySlot(id, kdf, salt, created, host, username, wrapped);
  }

  /**
   * The master key, or empty when {@code passphrase} is not this slot's (or the slot was tampered
   * with). Costs one Argon2id derivation. The caller still owns and wipes the array.
   */
  public Optional<MasterKey> unlock(char[] passphrase) {
    Objects.requireNonNull(passphrase, "passphrase");
    byte[] kek;
    try {
      kek = deriveKek(passphrase, salt, kdf);
    } catch (CharacterCodingException e) {
      return Optional.empty(); // no slot can have been made with it
    }
    byte[] master = new byte[MasterKey.BYTES];
    try {
      Gcm.open(
          Gcm.key(kek),
          Arrays.copyOf(wrappedKey, Gcm.NONCE_BYTES),
          aad(id, kdf),
          wrappedKey,
          Gcm.NONCE_BYTES,
          wrappedKey.length - Gcm.NONCE_BYTES,
          master,
          0,
          "key slot " + id.toShortHex());
      return Optional.of(MasterKey.fromBytes(master));
    } catch (AuthenticationFailed e) {
      return Optional.empty();
    } finally {
      Arrays.fill(kek, (byte) 0);
      Arrays.fill(master, (byte) 0);
    }
  }

  /** The JSON stored at {@code keys/<id hex>} (UTF-8, compact, fields in documented order). */
  public byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    ObjectNode k = root.putObject("kdf");
    k.put("algorithm", kdf.algorithm());
    k.put("memoryKiB", kdf.memoryKiB());
    k.put("iterations", kdf.iterations());
    k.put("parallelism", kdf.parallelism());
    k.put("salt", Base64.getEncoder().encodeToString(salt));
    root.put("created", created.toString());
    root.put("host", host);
    root.put("username", username);
    root.put("wrappedKey", Base64.getEncoder().encodeToString(wrappedKey));
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("writing key slot " + id.toShortHex() + " as JSON", e);
    }
  }

  /**
   * Reads a key slot stored under the name {@code keys/<id hex>}. The input is hostile: it is
   * bounded to {@value #MAX_JSON_BYTES} bytes and every field is checked.
   *
   * @param id the id from the slot's storage name; it is bound into the wrapping, so a slot read
   *     under another name does not unlock
   * @throws IllegalArgumentException naming the field at fault
   */
  public static KeySlot parse(KeyId id, byte[] json) throws IllegalArgumentException {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(json, "json");
    String what = "key slot " + id.toShortHex();
    if (json.length > MAX_JSON_BYTES) {
      throw new IllegalArgumentException(
          what + " is " + json.length + " bytes, more than the " + MAX_JSON_BYTES + " allowed");
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " is not valid JSON", e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(what + " is not a JSON object");
    }
    // The version first, so that a newer slot says so rather than "unknown field".
    int version = intField(root, "version", "version", what);
    if (version != VERSION) {
      throw new IllegalArgumentException(
          what
              + " has unsupported version "
              + version
              + "; this Holdfast reads version "
              + VERSION);
    }
    onlyFields(root, FIELDS, "", what);
    JsonNode kdfNode = root.get("kdf");
    if (kdfNode == null || !kdfNode.isObject()) {
      throw new IllegalArgumentException(what + ": field kdf must be an object");
    }
    onlyFields(kdfNode, KDF_FIELDS, "kdf.", what);
    KdfParams kdf;
    try {
      kdf =
          new KdfParams(
              textField(kdfNode, "algorithm", "kdf.algorithm", what),
              intField(kdfNode, "memoryKiB", "kdf.memoryKiB", what),
              intField(kdfNode, "iterations", "kdf.iterations", what),
              intField(kdfNode, "parallelism", "kdf.parallelism", what));
    } catch (IllegalArgumentException e) {
      if (e.getMessage().startsWith(what)) {
        throw e;
      }
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
    byte[] salt = base64Field(kdfNode, "salt", "kdf.salt", SALT_BYTES, what);
    Instant created;
    try {
      created = Instant.parse(textField(root, "created", "created", what));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(what + ": field created is not an ISO-8601 instant");
    }
    String host = textField(root, "host", "host", what);
    String username = textField(root, "username", "username", what);
    byte[] wrapped = base64Field(root, "wrappedKey", "wrappedKey", WRAPPED_KEY_BYTES, what);
    try {
      return new KeySlot(id, kdf, salt, created, host, username, wrapped);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
  }

  /** The salt (a copy). */
  @Override
  public byte[] salt() {
    return salt.clone();
  }

  /** The wrapped master key, {@code nonce || ciphertext || tag} (a copy). */
  @Override
  public byte[] wrappedKey() {
    return wrappedKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeySlot s
        && id.equals(s.id)
        && kdf.equals(s.kdf)
        && Arrays.equals(salt, s.salt)
        && created.equals(s.created)
        && host.equals(s.host)
        && username.equals(s.username)
        && Arrays.equals(wrappedKey, s.wrappedKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id, kdf, Arrays.hashCode(salt), created, host, username, Arrays.hashCode(wrappedKey));
  }

  @Override
  public String toString() {
    return "KeySlot[id="
        + id.toShortHex()
        + ", kdf="
        + kdf
        + ", created="
        + created
        + ", host="
        + host
        + ", username="
        + username
        + "]";
  }

  /**
   * Binds the slot's name and KDF parameters into the wrapping. The salt needs no binding: a
   * changed salt already yields another key-encryption key.
   */
  private static byte[] aad(KeyId id, KdfParams kdf) {
    return ("holdfast/v1/key/"
            + id.toHex()
            + "/"
            + kdf.algorithm()
            + "/"
            + kdf.memoryKiB()
            + "/"
            + kdf.iterations()
            + "/"
            + kdf.parallelism())
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] deriveKek(char[] passphrase, byte[] salt, KdfParams kdf)
      throws CharacterCodingException {
    byte[] pw = Passphrase.nfcUtf8(passphrase);
    try {
      return Argon2id.derive(pw, salt, kdf, Gcm.KEY_BYTES);
    } finally {
      Arrays.fill(pw, (byte) 0);
    }
  }

  private static void checkName(String value, String field) {
    Objects.requireNonNull(value, field);
    if (value.length() > MAX_NAME_CHARS) {
      throw new IllegalArgumentException(
          field + " must be at most " + MAX_NAME_CHARS + " characters, was " + value.length());
    }
  }

  private static byte[] checkLength(byte[] value, int length, String field) {
    Objects.requireNonNull(value, field);
    if (value.length != length) {
      throw new IllegalArgumentException(
          field + " must be " + length + " bytes, was " + value.length);
    }
    return value;
  }

  private static void onlyFields(JsonNode node, Set<String> allowed, String prefix, String what) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        // Field names come from the hostile file: cut them short in the message.
        String shown = name.length() > 40 ? name.substring(0, 40) + "..." : name;
        throw new IllegalArgumentException(what + ": unknown field " + prefix + shown);
      }
    }
  }

  private static JsonNode field(JsonNode node, String name, String path, String what) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException(what + ": field " + path + " is missing");
    }
    return value;
  }

  private static int intField(JsonNode node, String name, String path, String what) {
    JsonNode value = field(node, name, path, what);
    if (!value.isInt()) {
      throw new IllegalArgumentException(what + ": field " + path + " must be a 32-bit integer");
    }
    return value.intValue();
  }

  private static String textField(JsonNode node, String name, String path, String what) {
    JsonNode value = field(node, name, path, what);
    if (!value.isTextual()) {
      throw new IllegalArgumentException(what + ": field " + path + " must be a string");
    }
    return value.textValue();
  }

  private static byte[] base64Field(
      JsonNode node, String name, String path, int length, String what) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(textField(node, name, path, what));
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(what)) {
        throw e;
      }
      throw new IllegalArgumentException(what + ": field " + path + " is not valid base64");
    }
    if (bytes.length != length) {
      throw new IllegalArgumentException(
          what + ": field " + path + " must be " + length + " bytes, was " + bytes.length);
    }
    return bytes;
  }
}
