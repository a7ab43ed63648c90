package dev.holdfast.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdfast.core.id.KeyId;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeySlotTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KeyId ID = KeyId.fromHex("ab".repeat(32));
  private static final Instant CREATED = Instant.parse("2025-03-01T12:34:56.789Z");
  private static final byte[] MASTER = Reference.countingMasterBytes();

  private final MasterKey master = MasterKey.fromBytes(MASTER);
  // Static: the same seed twice would repeat (kek, nonce), which the JDK rightly refuses.
  private static final AtomicLong SEEDS = new AtomicLong(1000);

  /** A slot with the fast test parameters; each call draws a different salt and nonce. */
  private KeySlot slot(String passphrase) {
    return KeySlot.create(
        ID,
        master,
        passphrase.toCharArray(),
        KdfParams.forTests(),
        CREATED,
        "node-1",
        "alice",
        Reference.seeded(SEEDS.incrementAndGet()));
  }

  @Test
  void roundTripsThroughJsonAndUnlocksWithThePassphrase() {
    KeySlot slot = slot("correct horse");

    KeySlot parsed = KeySlot.parse(ID, slot.toJson());
    Optional<MasterKey> unlocked = parsed.unlock("correct horse".toCharArray());

    assertThat(parsed).isEqualTo(slot).hasSameHashCodeAs(slot);
    assertThat(unlocked).isPresent();
    assertThat(unlocked.get().chunkerSeed()).isEqualTo(master.chunkerSeed());
    assertThat(unlocked.get().newChunkHasher().hash(new byte[3], 0, 3))
        .isEqualTo(master.newChunkHasher().hash(new byte[3], 0, 3));
  }

  @Test
  void wrongPassphraseGivesEmpty() {
    KeySlot slot = slot("correct horse");

    assertThat(slot.unlock("correct horsE".toCharArray())).isEmpty();
    assertThat(slot.unlock(new char[0])).isEmpty();
    assertThat(slot.unlock(new char[] {'\ud800'})).isEmpty();
  }

  @Test
  void wrappingFollowsTheFormat() throws Exception {
    String passphrase = "cafe\u0301"; // typed decomposed; the format hashes the NFC form
    KeySlot slot =
        KeySlot.create(
            ID,
            master,
            passphrase.toCharArray(),
            KdfParams.forTests(),
            CREATED,
            "h",
            "u",
            Reference.seeded(1));
    JsonNode json = JSON.readTree(slot.toJson());
    byte[] salt = Base64.getDecoder().decode(json.get("kdf").get("salt").asText());
    byte[] wrapped = Base64.getDecoder().decode(json.get("wrappedKey").asText());

    Argon2BytesGenerator argon2 = new Argon2BytesGenerator();
    argon2.init(
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withSalt(salt)
            .withMemoryAsKB(64)
            .withIterations(1)
            .withParallelism(1)
            .build());
    byte[] kek = new byte[32];
    argon2.generateBytes(
        Normalizer.normalize(passphrase, Normalizer.Form.NFC).getBytes(StandardCharsets.UTF_8),
        kek);
    String aad = "holdfast/v1/key/" + "ab".repeat(32) + "/argon2id/64/1/1";
    byte[] unwrapped =
        Reference.gcmOpen(
            kek,
            Arrays.copyOf(wrapped, 12),
            aad.getBytes(StandardCharsets.UTF_8),
            wrapped,
            12,
            wrapped.length - 12);

    assertThat(wrapped).hasSize(12 + 64 + 16);
    assertThat(unwrapped).isEqualTo(MASTER);
  }

  @Test
  void jsonHasTheDocumentedFieldsInOrder() throws Exception {
    KeySlot slot = slot("pw");

    JsonNode json = JSON.readTree(slot.toJson());

    assertThat(fieldNames(json))
        .containsExactly("version", "kdf", "created", "host", "username", "wrappedKey");
    assertThat(fieldNames(json.get("kdf")))
        .containsExactly("algorithm", "memoryKiB", "iterations", "parallelism", "salt");
    assertThat(json.get("version").isInt()).isTrue();
    assertThat(json.get("version").intValue()).isEqualTo(1);
    assertThat(json.get("kdf").get("algorithm").textValue()).isEqualTo("argon2id");
    assertThat(json.get("kdf").get("memoryKiB").intValue()).isEqualTo(64);
    assertThat(json.get("kdf").get("iterations").intValue()).isEqualTo(1);
    assertThat(json.get("kdf").get("parallelism").intValue()).isEqualTo(1);
    assertThat(Base64.getDecoder().decode(json.get("kdf").get("salt").textValue())).hasSize(32);
    assertThat(json.get("created").textValue()).isEqualTo("2025-03-01T12:34:56.789Z");
    assertThat(json.get("host").textValue()).isEqualTo("node-1");
    assertThat(json.get("username").textValue()).isEqualTo("alice");
    assertThat(Base64.getDecoder().decode(json.get("wrappedKey").textValue())).hasSize(92);
  }

  @Test
  void composedAndDecomposedPassphrasesBothUnlock() {
    String nfc = "Gr\u00fc\u00dfe, \u00c5ngstr\u00f6m";
    String nfd = Normalizer.normalize(nfc, Normalizer.Form.NFD);
    assertThat(nfd).isNotEqualTo(nfc);

    KeySlot madeWithNfd = slot(nfd);
    KeySlot madeWithNfc = slot(nfc);

    assertThat(madeWithNfd.unlock(nfc.toCharArray())).isPresent();
    assertThat(madeWithNfd.unlock(nfd.toCharArray())).isPresent();
    assertThat(madeWithNfc.unlock(nfd.toCharArray())).isPresent();
  }

  @Test
  void tamperedKdfParametersDoNotUnlock() throws Exception {
    KeySlot slot = slot("pw");

    // Still within bounds, so the slot parses, but the parameters are bound into the wrapping.
    for (Consumer<ObjectNode> edit :
        List.<Consumer<ObjectNode>>of(
            j -> kdf(j).put("iterations", 2),
            j -> kdf(j).put("memoryKiB", 72),
            j -> kdf(j).put("parallelism", 2))) {
      KeySlot tampered = KeySlot.parse(ID, edited(slot, edit));
      assertThat(tampered.unlock("pw".toCharArray())).as(tampered.toString()).isEmpty();
    }
  }

  @Test
  void tamperedSaltOrWrappedKeyDoNotUnlock() throws Exception {
    KeySlot slot = slot("pw");
    byte[] salt = slot.salt();
    salt[5] ^= 1;
    byte[] wrapped = slot.wrappedKey();

    KeySlot otherSalt = KeySlot.parse(ID, edited(slot, j -> kdf(j).put("salt", base64(salt))));
    assertThat(otherSalt.unlock("pw".toCharArray())).isEmpty();
    for (int i : new int[] {0, 11, 12, 50, 75, 76, 91}) {
      byte[] damaged = wrapped.clone();
      damaged[i] ^= (byte) 0x80;
      KeySlot tampered = KeySlot.parse(ID, edited(slot, j -> j.put("wrappedKey", base64(damaged))));
      assertThat(tampered.unlock("pw".toCharArray())).as("byte %d", i).isEmpty();
    }
  }

  @Test
  void slotReadUnderAnotherNameDoesNotUnlock() {
    KeySlot slot = slot("pw");

    KeySlot moved = KeySlot.parse(KeyId.fromHex("cd".repeat(32)), slot.toJson());

    assertThat(moved.unlock("pw".toCharArray())).isEmpty();
  }

  static Stream<Arguments> hostileSlots() {
    return Stream.of(
        hostile("not JSON", "{\"version\":", "not valid JSON"),
        hostile("array", "[1,2]", "not a JSON object"),
        hostile("empty", "", "not a JSON object"),
        hostile("trailing data", VALID + " {}", "not valid JSON"),
        hostile(
            "duplicate field",
            VALID.replace("\"host\":\"h\"", "\"host\":\"h\",\"host\":\"evil\""),
            "not valid JSON"),
        hostile("newer version", j -> j.put("version", 2), "unsupported version 2"),
        hostile("version as string", j -> j.put("version", "1"), "field version must be"),
        hostile("no version", j -> j.remove("version"), "field version is missing"),
        hostile("no kdf", j -> j.remove("kdf"), "field kdf must be an object"),
        hostile("kdf not object", j -> j.put("kdf", "argon2id"), "field kdf must be an object"),
        hostile("unknown field", j -> j.put("comment", "x"), "unknown field comment"),
        hostile("unknown kdf field", j -> kdf(j).put("pepper", "x"), "unknown field kdf.pepper"),
        hostile("other algorithm", j -> kdf(j).put("algorithm", "scrypt"), "kdf.algorithm"),
        hostile("huge memory", j -> kdf(j).put("memoryKiB", 4_194_304), "kdf.memoryKiB"),
        hostile("tiny memory", j -> kdf(j).put("memoryKiB", 4), "kdf.memoryKiB"),
        hostile(
            "memory beyond int",
            j -> kdf(j).put("memoryKiB", 10_000_000_000L),
            "field kdf.memoryKiB must be a 32-bit integer"),
        hostile("fractional", j -> kdf(j).put("iterations", 1.5), "field kdf.iterations must be"),
        hostile("too many passes", j -> kdf(j).put("iterations", 1000), "kdf.iterations"),
        hostile("too many lanes", j -> kdf(j).put("parallelism", 64), "kdf.parallelism"),
        hostile("no salt", j -> kdf(j).remove("salt"), "field kdf.salt is missing"),
        hostile("bad base64 salt", j -> kdf(j).put("salt", "!!!!"), "kdf.salt is not valid base64"),
        hostile(
            "short salt",
            j -> kdf(j).put("salt", base64(new byte[16])),
            "kdf.salt must be 32 bytes, was 16"),
        hostile(
            "short wrapped key",
            j -> j.put("wrappedKey", base64(new byte[91])),
            "wrappedKey must be 92 bytes, was 91"),
        hostile(
            "bad base64 key", j -> j.put("wrappedKey", "a b"), "wrappedKey is not valid base64"),
        hostile("bad date", j -> j.put("created", "yesterday"), "field created"),
        hostile("null host", j -> j.putNull("host"), "field host is missing"),
        hostile("numeric username", j -> j.put("username", 5), "field username must be a string"),
        hostile("huge host", j -> j.put("host", "h".repeat(2000)), "host must be at most 1024"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileSlots")
  void hostileSlotIsRejectedNamingTheProblem(String name, byte[] json, String message) {
    assertThatThrownBy(() -> KeySlot.parse(ID, json))
        .as(name)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("key slot abababab")
        .hasMessageContaining(message);
  }

  @Test
  void oversizedSlotIsRejectedBeforeParsing() {
    byte[] big = new byte[KeySlot.MAX_JSON_BYTES + 1];
    Arrays.fill(big, (byte) ' ');

    assertThatThrownBy(() -> KeySlot.parse(ID, big))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than the 65536 allowed");
  }

  @Test
  void validFixtureParses() {
    assertThat(KeySlot.parse(ID, VALID.getBytes(StandardCharsets.UTF_8)).host()).isEqualTo("h");
  }

  @Test
  void toStringShowsNoKeyMaterial() {
    KeySlot slot = slot("hunter2-passphrase");

    String s = slot.toString();

    assertThat(s)
        .contains("abababab", "argon2id", "2025-03-01T12:34:56.789Z", "node-1", "alice")
        .doesNotContain("hunter2")
        .doesNotContain(base64(slot.wrappedKey()).substring(0, 12))
        .doesNotContain(Reference.hex(slot.wrappedKey()).substring(0, 16))
        .doesNotContain(base64(slot.salt()).substring(0, 12))
        .doesNotContain(Reference.hex(slot.salt()).substring(0, 16));
    MasterKeyTest.assertNoneOf(s, MASTER);
  }

  @Test
  void arraysAreCopiedInAndOut() {
    KeySlot slot = slot("pw");
    byte[] wrapped = slot.wrappedKey();
    wrapped[20] ^= 1;

    assertThat(slot.unlock("pw".toCharArray())).isPresent();
    assertThat(slot)
        .isNotEqualTo(
            new KeySlot(ID, slot.kdf(), slot.salt(), CREATED, "node-1", "alice", wrapped));
  }

  @Test
  void createRefusesPassphraseThatIsNotUnicode() {
    assertThatThrownBy(() -> slot("pw\udc00"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("passphrase is not valid Unicode");
  }

  @Test
  void defaultParametersRoundTrip() {
    // The one test with the real (slow, 64 MiB) parameters.
    KeySlot slot =
        KeySlot.create(
            ID,
            master,
            "a real passphrase".toCharArray(),
            KdfParams.DEFAULT,
            CREATED,
            "h",
            "u",
            Reference.seeded(9));

    KeySlot parsed = KeySlot.parse(ID, slot.toJson());

    assertThat(parsed.kdf()).isEqualTo(KdfParams.DEFAULT);
    assertThat(parsed.unlock("a real passphrase".toCharArray()))
        .map(MasterKey::chunkerSeed)
        .hasValueSatisfying(seed -> assertThat(seed).isEqualTo(master.chunkerSeed()));
  }

  private static final String VALID =
      "{\"version\":1,\"kdf\":{\"algorithm\":\"argon2id\",\"memoryKiB\":64,\"iterations\":1,"
          + "\"parallelism\":1,\"salt\":\""
          + base64(new byte[32])
          + "\"},\"created\":\"2025-03-01T00:00:00Z\",\"host\":\"h\",\"username\":\"u\","
          + "\"wrappedKey\":\""
          + base64(new byte[92])
          + "\"}";

  private static Arguments hostile(String name, String json, String message) {
    return Arguments.of(name, json.getBytes(StandardCharsets.UTF_8), message);
  }

  private static Arguments hostile(String name, Consumer<ObjectNode> edit, String message) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(VALID);
      edit.accept(root);
      return Arguments.of(name, JSON.writeValueAsBytes(root), message);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] edited(KeySlot slot, Consumer<ObjectNode> edit) throws Exception {
    ObjectNode root = (ObjectNode) JSON.readTree(slot.toJson());
    edit.accept(root);
    return JSON.writeValueAsBytes(root);
  }

  private static ObjectNode kdf(ObjectNode root) {
    return (ObjectNode) root.get("kdf");
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
