package dev.holdfast.sast.sarif;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.SortedMap;
import java.util.TreeMap;

/** Lenient reads of optional SARIF fields: a missing or wrongly typed value counts as absent. */
final class Json {
  private Json() {}

  /** The string at {@code field}, or empty. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() ? value.asText() : "";
  }

  /** The non-negative integer at {@code field}, or -1. */
  static int index(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.canConvertToInt() && value.isIntegralNumber() && value.asInt() >= 0
        ? value.asInt()
        : -1;
  }

  /** The string-valued entries of the object at {@code field}, sorted by key. */
  static SortedMap<String, String> stringMap(JsonNode node, String field) {
    SortedMap<String, String> map = new TreeMap<>();
    node.path(field)
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isTextual()) {
                map.put(e.getKey(), e.getValue().asText());
              }
            });
    return map;
  }
}
