package dev.holdfast.sast.sarif;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a SARIF {@code reportingDescriptor} a finding needs; help texts and descriptions are
 * dropped when the rule is read so a run's rule table stays small.
 */
record Rule(
    String id,
    String name,
    Double securitySeverity,
    String defaultLevel,
    List<String> tags,
    List<String> relatedCwes,
    Map<String, String> messageStrings) {

  /** Stands for a rule the report does not describe. */
  static final Rule UNDESCRIBED = new Rule("", "", null, null, List.of(), List.of(), Map.of());

  static Rule from(JsonNode node) {
    List<String> tags = new ArrayList<>();
    for (JsonNode tag : node.path("properties").path("tags")) {
      if (tag.isTextual()) {
        tags.add(tag.asText());
      }
    }
    Map<String, String> messageStrings = new HashMap<>();
    node.path("messageStrings")
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode text = e.getValue().path("text");
              if (text.isTextual()) {
                messageStrings.put(e.getKey(), text.asText());
              }
            });
    JsonNode level = node.path("defaultConfiguration").path("level");
    return new Rule(
        Json.text(node, "id"),
        Json.text(node, "name"),
        securitySeverity(node.path("properties").path("security-severity")),
        level.isTextual() ? level.asText() : null,
        List.copyOf(tags),
        relatedCwes(node.path("relationships")),
        Map.copyOf(messageStrings));
  }

  /**
   * The ids of the CWE taxa the rule's {@code relationships} point at (SpotBugs names a rule's CWE
   * this way): targets whose {@code toolComponent.name} is {@code CWE}, as written ("89").
   */
  private static List<String> relatedCwes(JsonNode relationships) {
    List<String> ids = new ArrayList<>();
    for (JsonNode r : relationships) {
      JsonNode target = r.path("target");
      if ("CWE".equalsIgnoreCase(Json.text(target.path("toolComponent"), "name"))) {
        String id = Json.text(target, "id");
        if (!id.isEmpty()) {
          ids.add(id);
        }
      }
    }
    return List.copyOf(ids);
  }

  /** A number or a numeric string, as tools write both; anything else counts as absent. */
  private static Double securitySeverity(JsonNode value) {
    if (value.isNumber()) {
      return value.asDouble();
    }
    if (value.isTextual()) {
      try {
        return Double.valueOf(value.asText().strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
