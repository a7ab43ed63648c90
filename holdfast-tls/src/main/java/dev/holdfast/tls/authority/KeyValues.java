package dev.holdfast.tls.authority;

import dev.holdfast.tls.TlsMaterialException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code key=value} text of the authority's small state files, with {@code #} comments. */
final class KeyValues {
  private KeyValues() {}

  static Map<String, String> parse(byte[] bytes, String source) {
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

  static String require(Map<String, String> values, String key, String source) {
    String value = values.get(key);
    if (value == null || value.isEmpty()) {
      throw new TlsMaterialException(source + ": '" + key + "' is missing");
    }
    return value;
  }

  static byte[] format(String comment, Map<String, String> values) {
    StringBuilder text = new StringBuilder("# ").append(comment).append('\n');
    values.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
