package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Asserts the shape of a JSON document: its field names in order and each field's type, written as
 * {@code "name:type"} with the types of docs/CLI.md (string, time, integer, number, boolean, array,
 * object; a trailing {@code ?} allows null).
 */
final class JsonShape {
  /** RFC 3339: seconds always present, an offset always present. */
  private static final Pattern RFC_3339 =
      Pattern.compile(
          "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?(Z|[+-]\\d\\d:\\d\\d)");

  private static final Pattern CAMEL_CASE = Pattern.compile("[a-z][a-zA-Z0-9]*");

  private JsonShape() {}

  /**
   * Asserts {@code node} is an object with exactly {@code fields}, in this order and of these
   * types.
   */
  static void assertShape(JsonNode node, String what, String... fields) {
    assertThat(node.isObject()).as("%s is an object: %s", what, node).isTrue();
    List<String> expectedNames = new ArrayList<>();
    for (String f : fields) {
      expectedNames.add(f.substring(0, f.indexOf(':')));
    }
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    assertThat(names).as("fields of %s", what).containsExactlyElementsOf(expectedNames);
    for (String f : fields) {
      String name = f.substring(0, f.indexOf(':'));
      String type = f.substring(f.indexOf(':') + 1);
      assertType(node.get(name), what + "." + name, type);
    }
  }

  private static void assertType(JsonNode v, String what, String type) {
    boolean nullable = type.endsWith("?");
    String t = nullable ? type.substring(0, type.length() - 1) : type;
    if (v.isNull()) {
      assertThat(nullable).as("%s is null but not nullable", what).isTrue();
      return;
    }
    switch (t) {
      case "string" -> assertThat(v.isTextual()).as("%s is a string: %s", what, v).isTrue();
      case "time" -> {
        assertThat(v.isTextual()).as("%s is a string: %s", what, v).isTrue();
        assertTime(v.asText(), what);
      }
      case "integer" ->
          assertThat(v.isIntegralNumber()).as("%s is an integer: %s", what, v).isTrue();
      case "number" -> assertThat(v.isNumber()).as("%s is a number: %s", what, v).isTrue();
      case "boolean" -> assertThat(v.isBoolean()).as("%s is a boolean: %s", what, v).isTrue();
      case "array" -> assertThat(v.isArray()).as("%s is an array: %s", what, v).isTrue();
      case "object" -> assertThat(v.isObject()).as("%s is an object: %s", what, v).isTrue();
      default -> throw new IllegalArgumentException("unknown type " + type);
    }
  }

  /** Asserts an ISO-8601 time with offset, as RFC 3339 writes it. */
  static void assertTime(String text, String what) {
    assertThat(OffsetDateTime.parse(text)).as("%s parses as OffsetDateTime", what).isNotNull();
    assertThat(text).as("%s in RFC 3339 form", what).matches(RFC_3339);
  }

  /** Asserts every field name in {@code node} is camelCase, except the keys of user maps. */
  static void assertCamelCase(JsonNode node, String what, String... userMaps) {
    if (node.isArray()) {
      for (JsonNode e : node) {
        assertCamelCase(e, what + "[]", userMaps);
      }
    } else if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        assertThat(e.getKey()).as("field of %s", what).matches(CAMEL_CASE);
        if (!List.of(userMaps).contains(e.getKey())) {
          assertCamelCase(e.getValue(), what + "." + e.getKey(), userMaps);
        }
      }
    }
  }
}
