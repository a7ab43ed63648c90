package dev.holdfast.operator.posture;

import dev.holdfast.core.UsageError;
import dev.holdfast.operator.api.SecretKeyReference;
import dev.holdfast.operator.kube.ByteSizes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * A SARIF report as a SecurityReport finds it: the bytes under one key of a ConfigMap, from {@code
 * data} (text) or {@code binaryData} (base64, e.g. a report with a byte-order mark or written by
 * {@code kubectl create configmap --from-file}). At most {@link #MAX_BYTES}, which is all a
 * ConfigMap can hold; larger reports go through {@code holdfast sast ingest} or the server's API.
 *
 * @param source names the report in messages: {@code ConfigMap NAMESPACE/NAME key KEY}
 * @param sha256 hex SHA-256 of the bytes, by which the same report is not ingested twice
 */
record ConfigMapReport(String source, byte[] bytes, String sha256) {
  /** The largest report read from a ConfigMap: 1 MiB. */
  static final int MAX_BYTES = 1 << 20;

  /**
   * Reads the report {@code ref} names in {@code namespace}.
   *
   * @throws UsageError when the ConfigMap or key is missing, or the report is larger than 1 MiB
   */
  static ConfigMapReport read(KubernetesClient client, String namespace, SecretKeyReference ref) {
    String where = "ConfigMap " + namespace + "/" + ref.name();
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(ref.name()).get();
    if (map == null) {
      throw new UsageError(where + " does not exist");
    }
    String source = where + " key " + ref.key();
    byte[] bytes = bytes(map, ref.key(), where, source);
    return new ConfigMapReport(source, bytes, sha256(bytes));
  }

  private static byte[] bytes(ConfigMap map, String key, String where, String source) {
    Map<String, String> data = map.getData();
    if (data != null && data.get(key) != null) {
      String text = data.get(key);
      // a UTF-8 character takes at most 3 bytes per UTF-16 unit: refuse before encoding a huge text
      if ((long) text.length() > MAX_BYTES) {
        throw tooLarge(source, text.length());
      }
      return limited(text.getBytes(StandardCharsets.UTF_8), source);
    }
    Map<String, String> binary = map.getBinaryData();
    if (binary != null && binary.get(key) != null) {
      String encoded = binary.get(key);
      if ((long) encoded.length() / 4 * 3 > MAX_BYTES + 2L) {
        throw tooLarge(source, (long) encoded.length() / 4 * 3);
      }
      try {
        return limited(Base64.getDecoder().decode(encoded), source);
      } catch (IllegalArgumentException e) {
        throw new UsageError(source + ": binaryData is not base64 (" + e.getMessage() + ")");
      }
    }
    throw new UsageError(where + " has no key '" + key + "' in data or binaryData");
  }

  private static byte[] limited(byte[] bytes, String source) {
    if (bytes.length > MAX_BYTES) {
      throw tooLarge(source, bytes.length);
    }
    return bytes;
  }

  private static UsageError tooLarge(String source, long bytes) {
    return new UsageError(
        source
            + " holds "
            + ByteSizes.format(bytes)
            + ", more than the "
            + ByteSizes.format(MAX_BYTES)
            + " a SecurityReport reads from a ConfigMap; upload it with 'holdfast sast ingest'"
            + " instead");
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
