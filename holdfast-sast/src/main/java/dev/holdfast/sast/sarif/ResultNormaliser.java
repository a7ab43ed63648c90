package dev.holdfast.sast.sarif;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.sast.finding.BaselineState;
import dev.holdfast.sast.finding.Finding;
import dev.holdfast.sast.finding.Fingerprint;
import dev.holdfast.sast.finding.Location;
import dev.holdfast.sast.finding.SeverityPolicy;
import dev.holdfast.sast.finding.TopCwes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns one SARIF {@code result} (a small tree) into a {@link Finding}, resolving its rule. */
final class ResultNormaliser {
  private static final Pattern CWE =
      Pattern.compile("(?i)^(?:external/cwe/)?cwe[-_:]?0*(\\d{1,7})$");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)\\}");

  private final SeverityPolicy policy;
  private final String source;

  ResultNormaliser(SeverityPolicy policy, String source) {
    this.policy = policy;
    this.source = source;
  }

  Finding normalise(JsonNode result, String pointer, int runIndex, RunTool tool) {
    if (!result.isObject()) {
      throw new SarifStructureError(source, pointer, "must be an object");
    }
    Rule rule = resolveRule(result, pointer, tool);
    String ruleId = Json.text(result, "ruleId");
    if (ruleId.isEmpty()) {
      ruleId = Json.text(result.path("rule"), "id");
    }
    if (ruleId.isEmpty()) {
      ruleId = rule.id();
    }
    JsonNode physical = result.path("locations").path(0).path("physicalLocation");
    String uri = Json.text(physical.path("artifactLocation"), "uri");
    JsonNode region = physical.path("region");
    int startLine = Math.max(Json.index(region, "startLine"), 0);
    List<String> tags = tags(rule, result);
    List<String> cwes = cwes(ruleId, tags, rule.relatedCwes());
    return new Finding(
        runIndex,
        tool.tool(),
        ruleId,
        rule.name(),
        policy.severityOf(
            rule.securitySeverity(), level(result, rule), TopCwes.dangerous(cwes, tags)),
        message(result.path("message"), rule),
        uri.isEmpty() ? Location.UNKNOWN : new Location(uri, startLine),
        Fingerprint.choose(
            Json.stringMap(result, "fingerprints"),
            Json.stringMap(result, "partialFingerprints"),
            ruleId,
            uri,
            anchor(region)),
        cwes,
        tags,
        suppressed(result.path("suppressions")),
        BaselineState.fromSarif(Json.text(result, "baselineState")));
  }

  /**
   * By index first ({@code ruleIndex}, else {@code rule.index}, into the driver's rules or those of
   * the extension {@code rule.toolComponent.index} names), else by id; an index that points nowhere
   * is an error, an id no rule has is not (rules are optional in SARIF).
   */
  private Rule resolveRule(JsonNode result, String pointer, RunTool tool) {
    JsonNode ref = result.path("rule");
    int index = Json.index(result, "ruleIndex");
    String indexPointer = pointer + "/ruleIndex";
    if (index < 0) {
      index = Json.index(ref, "index");
      indexPointer = pointer + "/rule/index";
    }
    int component = Json.index(ref.path("toolComponent"), "index");
    if (index >= 0) {
      List<Rule> rules = tool.rulesOf(component);
      if (rules == null) {
        throw new SarifStructureError(
            source,
            pointer + "/rule/toolComponent/index",
            "is " + component + " but the tool has " + tool.extensionCount() + " extensions");
      }
      if (index >= rules.size()) {
        throw new SarifStructureError(
            source,
            indexPointer,
            "is " + index + " but the tool component has " + rules.size() + " rules");
      }
      return rules.get(index);
    }
    String id = Json.text(result, "ruleId");
    return tool.byId(id.isEmpty() ? Json.text(ref, "id") : id);
  }

  /**
   * The result's level; else "none" when its kind is not "fail" (SARIF 3.27.9); else the rule's
   * default level; else null, which the policy treats as SARIF's default, warning.
   */
  private static String level(JsonNode result, Rule rule) {
    String level = Json.text(result, "level");
    if (!level.isEmpty()) {
      return level;
    }
    String kind = Json.text(result, "kind");
    if (!kind.isEmpty() && !kind.equals("fail")) {
      return "none";
    }
    return rule.defaultLevel();
  }

  /**
   * {@code text}, else the rule's message string {@code id}; placeholders filled from arguments.
   */
  private static String message(JsonNode message, Rule rule) {
    String text = Json.text(message, "text");
    if (text.isEmpty()) {
      text = rule.messageStrings().getOrDefault(Json.text(message, "id"), "");
    }
    JsonNode arguments = message.path("arguments");
    if (!arguments.isArray() || arguments.isEmpty()) {
      return text;
    }
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder filled = new StringBuilder();
    while (matcher.find()) {
      String digits = matcher.group(1);
      JsonNode argument = digits.length() > 6 ? null : arguments.get(Integer.parseInt(digits));
      String replacement =
          argument != null && argument.isTextual() ? argument.asText() : matcher.group();
      matcher.appendReplacement(filled, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(filled);
    return filled.toString();
  }

  private static String anchor(JsonNode region) {
    JsonNode snippet = region.path("snippet").path("text");
    if (snippet.isTextual() && !snippet.asText().isBlank()) {
      return Fingerprint.snippetAnchor(snippet.asText());
    }
    int startLine = Json.index(region, "startLine");
    if (startLine < 0) {
      return "";
    }
    // an absent column or end line counts as 0, so the anchor has one spelling
    return Fingerprint.regionAnchor(
        startLine,
        Math.max(Json.index(region, "startColumn"), 0),
        Math.max(Json.index(region, "endLine"), 0),
        Math.max(Json.index(region, "endColumn"), 0));
  }

  private static List<String> tags(Rule rule, JsonNode result) {
    Set<String> tags = new LinkedHashSet<>(rule.tags());
    for (JsonNode tag : result.path("properties").path("tags")) {
      if (tag.isTextual()) {
        tags.add(tag.asText());
      }
    }
    return new ArrayList<>(tags);
  }

  /**
   * CWE ids in the tags ("external/cwe/cwe-079", "CWE-79"), the rule id and the CWE taxa the rule
   * relates to ("89"), as "CWE-79", sorted by number.
   */
  private static List<String> cwes(String ruleId, List<String> tags, List<String> related) {
    Set<Integer> numbers = new TreeSet<>();
    List<String> candidates = new ArrayList<>(tags);
    candidates.add(ruleId);
    related.forEach(id -> candidates.add("CWE-" + id));
    for (String candidate : candidates) {
      Matcher matcher = CWE.matcher(candidate.strip());
      if (matcher.matches()) {
        numbers.add(Integer.parseInt(matcher.group(1)));
      }
    }
    return numbers.stream().map(n -> "CWE-" + n).toList();
  }

  /** Suppressed when any suppression is not rejected or under review (SARIF 3.35.3). */
  private static boolean suppressed(JsonNode suppressions) {
    for (JsonNode suppression : suppressions) {
      String status = Json.text(suppression, "status");
      if (suppression.isObject() && !status.equals("rejected") && !status.equals("underReview")) {
        return true;
      }
    }
    return false;
  }
}
