package dev.holdfast.sast.sarif;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.sast.finding.Tool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's {@code tool}: the driver's identity and the rule tables of the driver and its extensions,
 * which results reference by index or by id. Held for the length of one run.
 */
final class RunTool {
  private final Tool tool;
  private final List<Rule> driverRules;
  private final List<List<Rule>> extensionRules;
  private final Map<String, Rule> byId = new HashMap<>();

  private RunTool(Tool tool, List<Rule> driverRules, List<List<Rule>> extensionRules) {
    this.tool = tool;
    this.driverRules = driverRules;
    this.extensionRules = extensionRules;
    // the driver's rules win over an extension's rule with the same id
    for (int i = extensionRules.size() - 1; i >= 0; i--) {
      extensionRules.get(i).forEach(rule -> byId.put(rule.id(), rule));
    }
    driverRules.forEach(rule -> byId.put(rule.id(), rule));
  }

  /**
   * Reads and validates {@code tool} at {@code pointer}: {@code driver.name} must be a non-empty
   * string.
   */
  static RunTool from(JsonNode node, String pointer, String source) {
    if (!node.isObject()) {
      throw new SarifStructureError(source, pointer, "must be an object");
    }
    JsonNode driver = node.path("driver");
    if (driver.isMissingNode() || driver.isNull()) {
      throw new MissingSarifField(source, pointer + "/driver");
    }
    if (!driver.isObject()) {
      throw new SarifStructureError(source, pointer + "/driver", "must be an object");
    }
    JsonNode name = driver.path("name");
    if (name.isMissingNode() || name.isNull()) {
      throw new MissingSarifField(source, pointer + "/driver/name");
    }
    if (!name.isTextual() || name.asText().isBlank()) {
      throw new SarifStructureError(source, pointer + "/driver/name", "must be a non-empty string");
    }
    String version = Json.text(driver, "version");
    if (version.isEmpty()) {
      version = Json.text(driver, "semanticVersion");
    }
    List<List<Rule>> extensions = new ArrayList<>();
    for (JsonNode extension : node.path("extensions")) {
      extensions.add(rules(extension));
    }
    return new RunTool(new Tool(name.asText(), version), rules(driver), extensions);
  }

  private static List<Rule> rules(JsonNode component) {
    List<Rule> rules = new ArrayList<>();
    for (JsonNode rule : component.path("rules")) {
      rules.add(Rule.from(rule));
    }
    return rules;
  }

  Tool tool() {
    return tool;
  }

  /** The rules of the driver ({@code component} -1) or of extension {@code component}, or null. */
  List<Rule> rulesOf(int component) {
    if (component < 0) {
      return driverRules;
    }
    return component < extensionRules.size() ? extensionRules.get(component) : null;
  }

  int extensionCount() {
    return extensionRules.size();
  }

  /** The rule with this id in the driver, else in the extensions, else {@link Rule#UNDESCRIBED}. */
  Rule byId(String id) {
    return byId.getOrDefault(id, Rule.UNDESCRIBED);
  }
}
