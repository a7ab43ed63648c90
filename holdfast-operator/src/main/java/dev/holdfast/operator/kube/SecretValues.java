package dev.holdfast.operator.kube;

import dev.holdfast.core.UsageError;
import dev.holdfast.operator.api.SecretKeyReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * Reads values out of Secrets. Errors name the Secret and the key, never the value; callers wipe
 * the arrays they get once used.
 */
public final class SecretValues {
  private final KubernetesClient client;

  /** Reads Secrets with {@code client}. */
  public SecretValues(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The bytes under {@code ref.key()} of the Secret {@code ref.name()} in {@code namespace}.
   *
   * @throws UsageError when the Secret or the key is missing
   */
  public byte[] bytes(String namespace, SecretKeyReference ref) {
    return bytes(namespace, ref.name(), ref.key());
  }

  /**
   * The bytes under {@code key} of the Secret {@code name} in {@code namespace}.
   *
   * @throws UsageError when the Secret or the key is missing
   */
  public byte[] bytes(String namespace, String name, String key) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      throw new UsageError("Secret " + namespace + "/" + name + " does not exist");
    }
    Map<String, String> data = secret.getData();
    if (data != null && data.containsKey(key)) {
      return Base64.getDecoder().decode(data.get(key));
    }
    Map<String, String> stringData = secret.getStringData();
    if (stringData != null && stringData.containsKey(key)) {
      return stringData.get(key).getBytes(StandardCharsets.UTF_8);
    }
    throw new UsageError("Secret " + namespace + "/" + name + " has no key '" + key + "'");
  }

  /**
   * The value as characters (a passphrase), with one trailing newline removed as {@code kubectl
   * create secret --from-file} keeps it; the caller wipes the array.
   */
  public char[] chars(String namespace, SecretKeyReference ref) {
    byte[] raw = bytes(namespace, ref);
    try {
      int length = raw.length;
      if (length > 0 && raw[length - 1] == '\n') {
        length--;
      }
      CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(raw, 0, length));
      char[] result = Arrays.copyOfRange(decoded.array(), decoded.position(), decoded.limit());
      Arrays.fill(decoded.array(), '\0');
      return result;
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** The value as a UTF-8 string, for values that are not secret themselves (key ids). */
  public String text(String namespace, String name, String key) {
    return new String(bytes(namespace, name, key), StandardCharsets.UTF_8).strip();
  }
}
