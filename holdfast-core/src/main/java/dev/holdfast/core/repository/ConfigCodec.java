package dev.holdfast.core.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.UnsupportedFormat;
import dev.holdfast.core.chunking.ChunkerAlgorithm;
import dev.holdfast.core.crypto.AuthenticationFailed;
import dev.holdfast.core.crypto.ObjectSealer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The config blob: a clear header {@code "HFRC" | version u8} that names the format, then the
 * {@link RepositoryConfig} as sealed JSON (docs/FORMAT.md, "Config").
 */
final class ConfigCodec {
  static final byte[] MAGIC = "HFRC".getBytes(StandardCharsets.US_ASCII);
  static final String CONTEXT = "config";
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private ConfigCodec() {}

  static byte[] encode(RepositoryConfig config, ObjectSealer sealer) {
    byte[] body;
    try {
      body = MAPPER.writeValueAsBytes(config);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode repository config", e);
    }
    byte[] sealed = sealer.seal(CONTEXT, body);
    byte[] out = new byte[MAGIC.length + 1 + sealed.length];
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    out[MAGIC.length] = (byte) config.version();
    System.arraycopy(sealed, 0, out, MAGIC.length + 1, sealed.length);
    return out;
  }

  /** Checks the clear header before any key is tried: a wrong format is reported as such. */
  static void checkHeader(byte[] blob, String location) {
    if (blob.length < MAGIC.length + 1
        || !Arrays.equals(blob, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new CorruptObject(
          "the config of the repository at "
              + location
              + " is not a Holdfast config (corrupted header)");
    }
    int version = blob[MAGIC.length] & 0xff;
    if (version != RepositoryConfig.CURRENT_VERSION) {
      throw new UnsupportedFormat(
          "the repository at "
              + location
              + " has format version "
              + version
              + "; this holdfast reads version "
              + RepositoryConfig.CURRENT_VERSION);
    }
  }

  static RepositoryConfig decode(byte[] blob, ObjectSealer sealer, String location) {
    checkHeader(blob, location);
    byte[] body;
    try {
      body = sealer.open(CONTEXT, Arrays.copyOfRange(blob, MAGIC.length + 1, blob.length));
    } catch (AuthenticationFailed e) {
      throw new CorruptObject(
          "the config of the repository at "
              + location
              + " failed authentication (modified or damaged)");
    }
    try {
      JsonNode tree = MAPPER.readTree(body);
      JsonNode chunker = tree.path("chunkerAlgorithm");
      if (chunker.isTextual()) {
        refuseUnknownChunker(chunker.asText(), location);
      }
      return MAPPER.treeToValue(tree, RepositoryConfig.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new CorruptObject(
          "the config of the repository at " + location + " is malformed: " + e.getMessage());
    }
  }

  /**
   * An authentic config that names a chunking algorithm this version does not know was written by a
   * newer holdfast: said as such rather than as damage. A missing name, or one that is not a
   * string, is left to the parser, which calls the config malformed.
   */
  private static void refuseUnknownChunker(String name, String location) {
    if (!ChunkerAlgorithm.isKnown(name)) {
      throw new UnsupportedFormat(
          "the repository at "
              + location
              + " chunks with "
              + name
              + ", which this holdfast does not know; use a newer holdfast");
    }
  }
}
