package dev.holdfast.core.repository;

import dev.holdfast.core.crypto.ObjectSealer;
import java.nio.charset.StandardCharsets;

/** Config blobs written by hand, as an older or newer holdfast would have written them. */
final class ConfigBlobs {

  /** A config as the first release wrote it: no object lock, the first chunking algorithm. */
  static final String FIRST_RELEASE_JSON =
      "{\"version\":1,\"repositoryId\":\"00112233445566778899aabbccddeeff\","
          + "\"created\":\"2026-11-25T07:30:00Z\",\"chunkerAlgorithm\":\"FASTCDC-2020-GEAR64-NC2\","
          + "\"chunker\":{\"minSize\":524288,\"avgSize\":1048576,\"maxSize\":8388608},"
          + "\"compression\":\"zstd\",\"compressionLevel\":3,\"packSize\":16777216}";

  private ConfigBlobs() {}

  /** The config blob for {@code json}: clear header, format version 1, body sealed by the key. */
  static byte[] sealed(ObjectSealer sealer, String json) {
    byte[] body = sealer.seal(ConfigCodec.CONTEXT, json.getBytes(StandardCharsets.UTF_8));
    byte[] blob = new byte[ConfigCodec.MAGIC.length + 1 + body.length];
    System.arraycopy(ConfigCodec.MAGIC, 0, blob, 0, ConfigCodec.MAGIC.length);
    blob[ConfigCodec.MAGIC.length] = 1;
    System.arraycopy(body, 0, blob, ConfigCodec.MAGIC.length + 1, body.length);
    return blob;
  }
}
