package dev.holdfast.tls.material;

import dev.holdfast.tls.TlsMaterialException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code key=value} text of Holdfast's small settings and state files (the authority's, a leaf
 * folder's {@code leaf.conf}), with {@code #} comments.
 */
public final class KeyValues {
  private KeyValues() {}

  /** The pairs in {@code bytes}, in file order; {@code source} names the file for messages. */
  public static Map<String, String> parse(byte[] bytes, String source) {
    Map<String, String> values = new LinkedHashMap<>();
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int equals = line.indexOf('=');
      if (equals <= 0) {
        throw new TlsMaterialException(source + " line " + (i + 1) + ": expected key=value");
      }
      values.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
    }
    return values;
  }

  /** The non-empty value of {@code key}, or a failure naming the file and the key. */
  public static String require(Map<String, String> values, String key, String source) {
    String value = values.get(key);
    if (value == null || value.isEmpty()) {
      throw new TlsMaterialException(source + ": '" + key + "' is missing");
    }
    return value;
  }

  /** The text of {@code values} under a {@code #} comment line. */
  public static byte[] format(String comment, Map<String, String> values) {
    StringBuilder text = new StringBuilder("# ").append(comment).append('\n');
    values.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
