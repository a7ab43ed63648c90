package dev.holdfast.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a deterministic SARIF 2.1.0 report shaped like a real code scanner's: one run whose driver
 * describes a dozen rules (most with a {@code security-severity}, two with only a level), results
 * with locations, regions and snippets, message templates with arguments, partial fingerprints on
 * most results and none on some (so Holdfast computes them), a few suppressions, baseline states
 * and short code flows. Every byte is a pure function of the parameters, so ingest benchmarks are
 * repeatable.
 *
 * <p>Usage: {@code java -cp holdfast-bench.jar dev.holdfast.bench.SarifGenerator --out FILE|-
 * [--results 100000] [--seed 1] [--clean] [--revision ID]}. See holdfast-bench/README.md.
 */
public final class SarifGenerator {
  /** Results of a report when {@code --results} is not given. */
  public static final int DEFAULT_RESULTS = 100_000;

  /** Share of results without partial fingerprints, in percent: their fingerprint is computed. */
  static final int UNFINGERPRINTED_PERCENT = 10;

  /** Share of results with an accepted in-source suppression, in per mille. */
  static final int SUPPRESSED_PER_MILLE = 15;

  private static final String USAGE =
      "usage: java -cp holdfast-bench.jar dev.holdfast.bench.SarifGenerator"
          + " --out FILE|- [--results N] [--seed N] [--clean] [--revision ID]\n"
          + "  Writes a SARIF 2.1.0 report with N results (default 100000). --clean writes no\n"
          + "  unsuppressed critical or high result; --revision sets the run's revisionId.";

  /**
   * One rule of the generated tool.
   *
   * @param securitySeverity the {@code security-severity} property, or null for a rule with only a
   *     default level
   * @param weight how often results name this rule, relative to the others
   * @param template the message template, with placeholders for the result's two arguments
   * @param snippet a line of code with {@code %s} for a generated identifier
   */
  record Rule(
      String id,
      String name,
      String securitySeverity,
      String level,
      String cwe,
      int weight,
      String template,
      String snippet) {
    /** True when the rule's findings fail the default gate (high or critical). */
    boolean severe() {
      return securitySeverity != null && Double.parseDouble(securitySeverity) >= 7.0;
    }
  }

  static final List<Rule> RULES =
      List.of(
          new Rule(
              "java/sql-injection",
              "SqlInjection",
              "8.8",
              "error",
              "089",
              3,
              "This query depends on a {0} reaching {1}.",
              "stmt.executeQuery(\"SELECT * FROM orders WHERE id = \" + %s);"),
          new Rule(
              "java/command-line-injection",
              "CommandLineInjection",
              "9.8",
              "error",
              "078",
              1,
              "This command line depends on a {0}, passed to {1}.",
              "Runtime.getRuntime().exec(\"convert \" + %s);"),
          new Rule(
              "java/path-injection",
              "PathInjection",
              "7.5",
              "error",
              "022",
              3,
              "This path depends on a {0} and is opened by {1}.",
              "Files.newInputStream(Path.of(uploadDir, %s));"),
          new Rule(
              "java/ssrf",
              "ServerSideRequestForgery",
              "9.1",
              "error",
              "918",
              1,
              "The URL of this request depends on a {0}, sent by {1}.",
              "client.send(HttpRequest.newBuilder(URI.create(%s)).build(), ofString());"),
          new Rule(
              "java/weak-cryptographic-algorithm",
              "WeakCryptoAlgorithm",
              "7.5",
              "warning",
              "327",
              4,
              "Cryptographic algorithm {0} is weak, used by {1}.",
              "Cipher c = Cipher.getInstance(\"DES/ECB/PKCS5Padding\"); // %s"),
          new Rule(
              "java/xss",
              "CrossSiteScripting",
              "6.1",
              "error",
              "079",
              8,
              "Cross-site scripting: a {0} is written to {1} unescaped.",
              "response.getWriter().print(\"<p>\" + %s + \"</p>\");"),
          new Rule(
              "java/insecure-randomness",
              "InsecureRandomness",
              "5.3",
              "warning",
              "330",
              6,
              "A {0} from java.util.Random is used as a secret by {1}.",
              "String token = Long.toHexString(new Random().nextLong()); // %s"),
          new Rule(
              "java/log-injection",
              "LogInjection",
              "4.3",
              "warning",
              "117",
              14,
              "This log entry includes a {0}, written by {1}.",
              "log.info(\"login attempt for \" + %s);"),
          new Rule(
              "java/error-message-exposure",
              "InformationExposure",
              "5.4",
              "warning",
              "209",
              10,
              "A {0} is exposed to the user by {1}.",
              "response.sendError(500, e.getMessage() + %s);"),
          new Rule(
              "java/trust-boundary-violation",
              "TrustBoundaryViolation",
              "3.7",
              "note",
              "501",
              12,
              "A {0} is stored in the session by {1} without validation.",
              "session.setAttribute(\"user\", %s);"),
          new Rule(
              "java/unused-local-variable",
              "UnusedLocalVariable",
              null,
              "note",
              null,
              20,
              "Variable {0} is never read in {1}.",
              "int %s = computeTotal(items);"),
          new Rule(
              "java/dereferenced-value-may-be-null",
              "NullDereference",
              null,
              "warning",
              null,
              18,
              "Value {0} may be null here, dereferenced in {1}.",
              "return %s.getName().trim();"));

  private static final String[] MODULES = {
    "orders", "billing", "catalog", "accounts", "shipping", "search", "reports", "admin", "auth"
  };
  private static final String[] NOUNS = {
    "Order",
    "Invoice",
    "Customer",
    "Product",
    "Cart",
    "Payment",
    "Session",
    "Report",
    "Upload",
    "Address",
    "Token",
    "Price",
    "Stock",
    "Review",
    "Coupon",
    "Refund"
  };
  private static final String[] ROLES = {
    "Controller", "Service", "Repository", "Handler", "Mapper", "Validator", "Client", "Job"
  };
  private static final String[] SOURCES = {
    "user-provided value", "HTTP header", "query parameter", "uploaded file name", "cookie value"
  };

  private final int results;
  private final long seed;
  private final boolean clean;
  private final String revision;
  private final int[] cumulativeWeights;

  /**
   * A generator of {@code results} results from {@code seed}; {@code clean} leaves out every
   * unsuppressed critical and high result; {@code revision} is the run's {@code revisionId}.
   */
  public SarifGenerator(int results, long seed, boolean clean, String revision) {
    if (results < 0) {
      throw new IllegalArgumentException("--results must not be negative, was " + results);
    }
    this.results = results;
    this.seed = seed;
    this.clean = clean;
    this.revision = revision;
    cumulativeWeights = new int[RULES.size()];
    int sum = 0;
    for (int i = 0; i < RULES.size(); i++) {
      sum += RULES.get(i).weight();
      cumulativeWeights[i] = sum;
    }
  }

  /** Command-line entry point; exits 2 on a usage error and 1 on an I/O failure. */
  public static void main(String[] args) {
    try {
      Options options = Options.parse(args);
      if (options == null) {
        System.out.println(USAGE);
        return;
      }
      SarifGenerator generator =
          new SarifGenerator(
              options.results(), options.seed(), options.clean(), options.revision());
      if (options.out().equals("-")) {
        generator.write(System.out);
        System.out.flush();
        return;
      }
      Path out = Path.of(options.out());
      long start = System.nanoTime();
      try (OutputStream os = Files.newOutputStream(out)) {
        generator.write(os);
      }
      System.err.printf(
          Locale.ROOT,
          "SARIF report %s: %d results, seed %d%s, %.1f MB in %.1f s%n",
          out,
          options.results(),
          options.seed(),
          options.clean() ? ", clean" : "",
          Files.size(out) / 1e6,
          (System.nanoTime() - start) / 1e9);
    } catch (IllegalArgumentException e) {
      System.err.println("SarifGenerator: " + e.getMessage());
      System.exit(2);
    } catch (IOException | UncheckedIOException e) {
      System.err.println("SarifGenerator: writing the report failed: " + e);
      System.exit(1);
    }
  }

  /** Writes the report to {@code out} (not closed) as UTF-8 JSON. */
  public void write(OutputStream out) throws IOException {
    BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
    try (JsonGenerator g = new JsonFactory().createGenerator(buffered, JsonEncoding.UTF8)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.writeStartObject();
      g.writeStringField("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
      g.writeStringField("version", "2.1.0");
      g.writeArrayFieldStart("runs");
      g.writeStartObject();
      writeTool(g);
      writeProvenance(g);
      g.writeArrayFieldStart("results");
      SplittableRandom random = new SplittableRandom(seed);
      for (int i = 0; i < results; i++) {
        writeResult(g, i, random);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("invocations");
      g.writeStartObject();
      g.writeBooleanField("executionSuccessful", true);
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    }
    buffered.flush();
  }

  private static void writeTool(JsonGenerator g) throws IOException {
    g.writeObjectFieldStart("tool");
    g.writeObjectFieldStart("driver");
    g.writeStringField("name", "BenchScanner");
    g.writeStringField("semanticVersion", "2.19.3");
    g.writeStringField("informationUri", "https://scanner.example.com");
    g.writeArrayFieldStart("rules");
    for (Rule r : RULES) {
      g.writeStartObject();
      g.writeStringField("id", r.id());
      g.writeStringField("name", r.name());
      g.writeObjectFieldStart("shortDescription");
      g.writeStringField("text", r.name() + " (" + r.id() + ")");
      g.writeEndObject();
      g.writeObjectFieldStart("fullDescription");
      g.writeStringField("text", "Finds " + r.name() + " in Java code. " + r.template());
      g.writeEndObject();
      g.writeObjectFieldStart("defaultConfiguration");
      g.writeStringField("level", r.level());
      g.writeEndObject();
      g.writeStringField("helpUri", "https://scanner.example.com/rules/" + r.id());
      g.writeObjectFieldStart("messageStrings");
      g.writeObjectFieldStart("default");
      g.writeStringField("text", r.template());
      g.writeEndObject();
      g.writeEndObject();
      g.writeObjectFieldStart("properties");
      g.writeArrayFieldStart("tags");
      g.writeString(r.cwe() == null ? "maintainability" : "security");
      if (r.cwe() != null) {
        g.writeString("external/cwe/cwe-" + r.cwe());
      }
      g.writeEndArray();
      if (r.securitySeverity() != null) {
        g.writeStringField("security-severity", r.securitySeverity());
      }
      g.writeStringField("precision", "high");
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndObject();
  }

  private void writeProvenance(JsonGenerator g) throws IOException {
    g.writeArrayFieldStart("versionControlProvenance");
    g.writeStartObject();
    g.writeStringField("repositoryUri", "https://git.example.com/shop/backend.git");
    g.writeStringField(
        "revisionId",
        revision != null ? revision : HexFormat.of().toHexDigits(seed) + "0".repeat(24));
    g.writeStringField("branch", "main");
    g.writeEndObject();
    g.writeEndArray();
  }

  private void writeResult(JsonGenerator g, int i, SplittableRandom random) throws IOException {
    int ruleIndex = pickRule(random);
    Rule rule = RULES.get(ruleIndex);
    boolean suppressed = random.nextInt(1000) < SUPPRESSED_PER_MILLE;
    if (clean && rule.severe() && !suppressed) {
      // a clean version still has its fixed findings' neighbours: medium and low ones only
      ruleIndex = RULES.size() - 1 - random.nextInt(6);
      rule = RULES.get(ruleIndex);
    }
    String module = MODULES[random.nextInt(MODULES.length)];
    String type = NOUNS[random.nextInt(NOUNS.length)] + ROLES[random.nextInt(ROLES.length)];
    String path = "src/main/java/com/example/shop/" + module + "/" + type + ".java";
    String identifier = NOUNS[random.nextInt(NOUNS.length)].toLowerCase(Locale.ROOT) + i;
    int line = 20 + random.nextInt(900);
    int column = 5 + random.nextInt(30);
    String snippet = String.format(Locale.ROOT, rule.snippet(), identifier);

    g.writeStartObject();
    g.writeStringField("ruleId", rule.id());
    g.writeNumberField("ruleIndex", ruleIndex);
    if (random.nextInt(4) == 0) {
      g.writeStringField("level", rule.level());
    }
    String source = SOURCES[random.nextInt(SOURCES.length)];
    String sink = type + ".handle" + NOUNS[random.nextInt(NOUNS.length)] + "()";
    g.writeObjectFieldStart("message");
    if (random.nextBoolean()) {
      g.writeStringField("id", "default");
    } else {
      g.writeStringField("text", rule.template());
    }
    g.writeArrayFieldStart("arguments");
    g.writeString(source);
    g.writeString(sink);
    g.writeEndArray();
    g.writeEndObject();

    g.writeArrayFieldStart("locations");
    writeLocation(g, path, line, column, column + snippet.length(), snippet);
    g.writeEndArray();

    if (random.nextInt(100) >= UNFINGERPRINTED_PERCENT) {
      g.writeObjectFieldStart("partialFingerprints");
      g.writeStringField(
          "primaryLocationLineHash", HexFormat.of().toHexDigits(random.nextLong()) + ":1");
      g.writeEndObject();
    }
    if (suppressed) {
      g.writeArrayFieldStart("suppressions");
      g.writeStartObject();
      g.writeStringField("kind", "inSource");
      g.writeStringField("status", "accepted");
      g.writeStringField("justification", "input is validated by the gateway (SEC-" + i + ")");
      g.writeEndObject();
      g.writeEndArray();
    }
    if (random.nextBoolean()) {
      g.writeStringField("baselineState", random.nextInt(3) == 0 ? "new" : "unchanged");
    }
    if (random.nextInt(4) == 0) {
      writeCodeFlow(g, path, line, random);
    }
    g.writeEndObject();
  }

  private int pickRule(SplittableRandom random) {
    int r = random.nextInt(cumulativeWeights[cumulativeWeights.length - 1]);
    for (int i = 0; i < cumulativeWeights.length; i++) {
      if (r < cumulativeWeights[i]) {
        return i;
      }
    }
    throw new AssertionError("weights");
  }

  private static void writeLocation(
      JsonGenerator g, String path, int line, int startColumn, int endColumn, String snippet)
      throws IOException {
    g.writeStartObject();
    g.writeObjectFieldStart("physicalLocation");
    g.writeObjectFieldStart("artifactLocation");
    g.writeStringField("uri", path);
    g.writeStringField("uriBaseId", "%SRCROOT%");
    g.writeEndObject();
    g.writeObjectFieldStart("region");
    g.writeNumberField("startLine", line);
    g.writeNumberField("startColumn", startColumn);
    g.writeNumberField("endColumn", endColumn);
    if (snippet != null) {
      g.writeObjectFieldStart("snippet");
      g.writeStringField("text", snippet);
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();
  }

  /** A short taint path: where the value came from, one step, and the sink. */
  private static void writeCodeFlow(JsonGenerator g, String path, int line, SplittableRandom random)
      throws IOException {
    g.writeArrayFieldStart("codeFlows");
    g.writeStartObject();
    g.writeArrayFieldStart("threadFlows");
    g.writeStartObject();
    g.writeArrayFieldStart("locations");
    int steps = 2 + random.nextInt(2);
    for (int s = steps; s > 0; s--) {
      g.writeStartObject();
      g.writeFieldName("location");
      writeLocation(g, path, Math.max(1, line - 3 * s), 9, 30, null);
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray();
  }

  /** Parsed command line; {@code null} from {@link #parse} means print the usage. */
  record Options(String out, int results, long seed, boolean clean, String revision) {
    static Options parse(String[] args) {
      String out = null;
      int results = DEFAULT_RESULTS;
      long seed = 1;
      boolean clean = false;
      String revision = null;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "-h", "--help" -> {
            return null;
          }
          case "--out" -> out = Arguments.value(args, ++i);
          case "--results" -> results = Integer.parseInt(Arguments.value(args, ++i));
          case "--seed" -> seed = Long.parseLong(Arguments.value(args, ++i));
          case "--clean" -> clean = true;
          case "--revision" -> revision = Arguments.value(args, ++i);
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      if (out == null) {
        throw new IllegalArgumentException("--out FILE (or - for standard output) is required");
      }
      return new Options(out, results, seed, clean, revision);
    }
  }
}
