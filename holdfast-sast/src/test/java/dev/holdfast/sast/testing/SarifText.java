package dev.holdfast.sast.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdfast.sast.finding.Severity;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SARIF 2.1.0 reports written by tests: runs with rules (and their security-severity), results with
 * level, location, fingerprints, suppressions and baseline state, and the run's version control
 * provenance. Only what a test sets is written, so a report is as small as the test needs; the JSON
 * is built as a tree, so any text a test puts in (quotes, unicode) is escaped correctly.
 */
public final class SarifText {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final List<Run> runs = new ArrayList<>();

  private SarifText() {}

  /** A report with no runs yet. */
  public static SarifText report() {
    return new SarifText();
  }

  /** A report of one run of {@code tool} with one result per given finding. */
  public static SarifText findings(String tool, Result... results) {
    return report().run(run(tool).results(results));
  }

  /**
   * A report of one run of tool {@code T} with one result of rule {@code rule} whose rule has a
   * security-severity that maps to {@code severity}, and {@code fingerprint} as its fingerprint.
   */
  public static SarifText oneFinding(String rule, Severity severity, String fingerprint) {
    return report()
        .run(run("T").rule(rule, severity).results(result(rule).fingerprint(fingerprint)));
  }

  /**
   * A report of one run of tool {@code T} that describes one rule per severity, named by it in
   * lower case ({@code critical}, {@code high}, {@code medium}, {@code low}, {@code none}) with a
   * security-severity that maps to it, and has {@code results}: {@code result("high")} is a high
   * finding.
   */
  public static SarifText graded(Result... results) {
    Run run = run("T");
    for (Severity s : Severity.values()) {
      run.rule(s.name().toLowerCase(Locale.ROOT), s);
    }
    return report().run(run.results(results));
  }

  /** A run of the tool whose driver is named {@code tool}. */
  public static Run run(String tool) {
    return new Run(tool);
  }

  /** A result of rule {@code ruleId}. */
  public static Result result(String ruleId) {
    return new Result(ruleId);
  }

  /**
   * A security-severity score that GitHub's bands map to {@code severity}: 9.5 critical, 7.5 high,
   * 5.0 medium, 2.0 low, 0.0 informational.
   */
  public static double scoreOf(Severity severity) {
    switch (severity) {
      case CRITICAL:
        return 9.5;
      case HIGH:
        return 7.5;
      case MEDIUM:
        return 5.0;
      case LOW:
        return 2.0;
      default:
        return 0.0;
    }
  }

  /** Adds a run. */
  public SarifText run(Run run) {
    runs.add(run);
    return this;
  }

  /** The report as JSON text. */
  public String json() {
    ObjectNode log = NODES.objectNode();
    log.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    log.put("version", "2.1.0");
    ArrayNode array = log.putArray("runs");
    runs.forEach(r -> array.add(r.node()));
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(log);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The report as UTF-8 bytes. */
  public byte[] bytes() {
    return json().getBytes(StandardCharsets.UTF_8);
  }

  /** A stream of the report's bytes. */
  public InputStream stream() {
    return new ByteArrayInputStream(bytes());
  }

  /** One SARIF run: a tool with its rules, revisions it analysed, and results. */
  public static final class Run {
    private final String tool;
    private String toolVersion = "";
    private final Map<String, ObjectNode> rules = new LinkedHashMap<>();
    private final List<String> revisions = new ArrayList<>();
    private final List<Result> results = new ArrayList<>();

    private Run(String tool) {
      this.tool = tool;
    }

    /** The driver's version. */
    public Run toolVersion(String version) {
      toolVersion = version;
      return this;
    }

    /** Adds a {@code versionControlProvenance} entry naming {@code revisionId}. */
    public Run revision(String revisionId) {
      revisions.add(revisionId);
      return this;
    }

    /** Describes rule {@code id} with a security-severity that maps to {@code severity}. */
    public Run rule(String id, Severity severity) {
      return rule(id, scoreOf(severity));
    }

    /** Describes rule {@code id} with {@code properties.security-severity} {@code score}. */
    public Run rule(String id, double score) {
      ObjectNode rule = NODES.objectNode().put("id", id);
      rule.putObject("properties").put("security-severity", Double.toString(score));
      rules.put(id, rule);
      return this;
    }

    /** Adds results. */
    public Run results(Result... added) {
      results.addAll(List.of(added));
      return this;
    }

    private ObjectNode node() {
      ObjectNode run = NODES.objectNode();
      ObjectNode driver = run.putObject("tool").putObject("driver").put("name", tool);
      if (!toolVersion.isEmpty()) {
        driver.put("version", toolVersion);
      }
      if (!rules.isEmpty()) {
        ArrayNode array = driver.putArray("rules");
        rules.values().forEach(array::add);
      }
      if (!revisions.isEmpty()) {
        ArrayNode provenance = run.putArray("versionControlProvenance");
        for (String revision : revisions) {
          provenance
              .addObject()
              .put("repositoryUri", "https://git.example/app")
              .put("revisionId", revision);
        }
      }
      ArrayNode array = run.putArray("results");
      results.forEach(r -> array.add(r.node()));
      return run;
    }
  }

  /** One SARIF result. */
  public static final class Result {
    private final String ruleId;
    private String level;
    private String message = "a finding";
    private String file = "src/Main.java";
    private int line = 1;
    private final Map<String, String> fingerprints = new LinkedHashMap<>();
    private final Map<String, String> partialFingerprints = new LinkedHashMap<>();
    private final List<String> suppressionStatuses = new ArrayList<>();
    private String baselineState;

    private Result(String ruleId) {
      this.ruleId = ruleId;
    }

    /** The result's {@code level}: error, warning, note or none. */
    public Result level(String value) {
      level = value;
      return this;
    }

    /** The message text. */
    public Result message(String text) {
      message = text;
      return this;
    }

    /** The first location: file URI and start line. */
    public Result at(String uri, int startLine) {
      file = uri;
      line = startLine;
      return this;
    }

    /** A {@code fingerprints} entry {@code primary/v1 = value}. */
    public Result fingerprint(String value) {
      return fingerprint("primary/v1", value);
    }

    /** A {@code fingerprints} entry. */
    public Result fingerprint(String key, String value) {
      fingerprints.put(key, value);
      return this;
    }

    /** A {@code partialFingerprints} entry. */
    public Result partialFingerprint(String key, String value) {
      partialFingerprints.put(key, value);
      return this;
    }

    /** An accepted in-source suppression. */
    public Result suppressed() {
      return suppression("accepted");
    }

    /** A suppression with {@code status} (accepted, underReview, rejected). */
    public Result suppression(String status) {
      suppressionStatuses.add(status);
      return this;
    }

    /** The result's {@code baselineState}: new, unchanged, updated or absent. */
    public Result baseline(String state) {
      baselineState = state;
      return this;
    }

    private ObjectNode node() {
      ObjectNode result = NODES.objectNode().put("ruleId", ruleId);
      if (level != null) {
        result.put("level", level);
      }
      result.putObject("message").put("text", message);
      ObjectNode physical = result.putArray("locations").addObject().putObject("physicalLocation");
      physical.putObject("artifactLocation").put("uri", file);
      physical.putObject("region").put("startLine", line);
      if (!fingerprints.isEmpty()) {
        ObjectNode f = result.putObject("fingerprints");
        fingerprints.forEach(f::put);
      }
      if (!partialFingerprints.isEmpty()) {
        ObjectNode f = result.putObject("partialFingerprints");
        partialFingerprints.forEach(f::put);
      }
      if (!suppressionStatuses.isEmpty()) {
        ArrayNode array = result.putArray("suppressions");
        for (String status : suppressionStatuses) {
          array.addObject().put("kind", "inSource").put("status", status);
        }
      }
      if (baselineState != null) {
        result.put("baselineState", baselineState);
      }
      return result;
    }
  }
}
