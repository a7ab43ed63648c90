package dev.holdfast.sast.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.github.luben.zstd.ZstdInputStream;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.sast.finding.BaselineState;
import dev.holdfast.sast.finding.Finding;
import dev.holdfast.sast.finding.Fingerprint;
import dev.holdfast.sast.finding.Location;
import dev.holdfast.sast.finding.Severity;
import dev.holdfast.sast.finding.Tool;
import dev.holdfast.sast.sarif.RunSummary;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The encoding of a stored report's plaintext (docs/FORMAT.md, "Security reports"): a length-
 * prefixed JSON header and a zstd frame of findings, one JSON object each. Decoding treats the
 * bytes as hostile even though they authenticated: every field is checked and a fault is an {@link
 * IllegalArgumentException} naming it.
 */
final class ReportCodec {
  /** Version of the encoding. */
  static final int FORMAT = 1;

  /** Largest header a reader accepts. */
  static final int MAX_HEADER = 16 * 1024 * 1024;

  static final JsonFactory JSON = new JsonFactory();

  private ReportCodec() {}

  static byte[] encodeHeader(ReportHeader h) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("format", FORMAT);
      g.writeStringField("app", h.version().name());
      g.writeStringField("version", h.version().version());
      g.writeStringField("versionSource", h.versionSource().name().toLowerCase(Locale.ROOT));
      g.writeStringField("ingestedAt", h.ingestedAt().toString());
      g.writeStringField("source", h.source());
      g.writeStringField("sha256", h.sha256());
      g.writeNumberField("findings", h.findings());
      g.writeArrayFieldStart("runs");
      for (RunSummary r : h.runs()) {
        g.writeStartObject();
        g.writeNumberField("index", r.index());
        g.writeStringField("tool", r.tool().name());
        g.writeStringField("toolVersion", r.tool().version());
        g.writeArrayFieldStart("revisionIds");
        for (String id : r.revisionIds()) {
          g.writeString(id);
        }
        g.writeEndArray();
        g.writeNumberField("results", r.results());
        g.writeNumberField("suppressed", r.suppressed());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  static void writeFinding(JsonGenerator g, Finding f) throws IOException {
    g.writeStartObject();
    g.writeNumberField("run", f.runIndex());
    g.writeStringField("tool", f.tool().name());
    g.writeStringField("toolVersion", f.tool().version());
    g.writeStringField("rule", f.ruleId());
    g.writeStringField("ruleName", f.ruleName());
    g.writeStringField("severity", f.severity().name());
    g.writeStringField("message", f.message());
    g.writeStringField("file", f.location().file());
    g.writeNumberField("line", f.location().line());
    g.writeStringField("fpSource", f.fingerprint().source().name());
    g.writeStringField("fp", f.fingerprint().value());
    writeStrings(g, "cwes", f.cwes());
    writeStrings(g, "tags", f.tags());
    g.writeBooleanField("suppressed", f.suppressed());
    g.writeStringField("baseline", f.baselineState().name());
    g.writeEndObject();
  }

  private static void writeStrings(JsonGenerator g, String field, List<String> values)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  /** Where the findings start: just after the header. */
  static int findingsOffset(byte[] plain) {
    return 4 + headerLength(plain);
  }

  private static int headerLength(byte[] plain) {
    if (plain.length < 4) {
      throw new IllegalArgumentException("too short for a header length");
    }
    int length = ByteBuffer.wrap(plain, 0, 4).getInt();
    if (length < 2 || length > MAX_HEADER || length > plain.length - 4) {
      throw new IllegalArgumentException("header length " + length + " is impossible");
    }
    return length;
  }

  /** Reads the header of the report stored as {@code name}. */
  static ReportHeader decodeHeader(String name, byte[] plain) throws IOException {
    int length = headerLength(plain);
    try (JsonParser p = JSON.createParser(plain, 4, length)) {
      expect(p.nextToken(), JsonToken.START_OBJECT, "header");
      Integer format = null;
      String app = null;
      String version = null;
      String versionSource = null;
      String ingestedAt = null;
      String source = null;
      String sha256 = null;
      Long findings = null;
      List<RunSummary> runs = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "format" -> format = p.getIntValue();
          case "app" -> app = p.getText();
          case "version" -> version = p.getText();
          case "versionSource" -> versionSource = p.getText();
          case "ingestedAt" -> ingestedAt = p.getText();
          case "source" -> source = p.getText();
          case "sha256" -> sha256 = p.getText();
          case "findings" -> findings = p.getLongValue();
          case "runs" -> runs = readRuns(p);
          default -> p.skipChildren();
        }
      }
      if (format == null || format != FORMAT) {
        throw new IllegalArgumentException("unknown report format " + format);
      }
      return new ReportHeader(
          name,
          new AppVersion(required(app, "app"), required(version, "version")),
          VersionSource.valueOf(required(versionSource, "versionSource").toUpperCase(Locale.ROOT)),
          Instant.parse(required(ingestedAt, "ingestedAt")),
          required(source, "source"),
          required(sha256, "sha256"),
          required(runs, "runs"),
          required(findings, "findings"));
    }
  }

  private static List<RunSummary> readRuns(JsonParser p) throws IOException {
    expect(p.currentToken(), JsonToken.START_ARRAY, "runs");
    List<RunSummary> runs = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      int index = 0;
      String tool = null;
      String toolVersion = "";
      List<String> revisions = new ArrayList<>();
      long results = 0;
      long suppressed = 0;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "index" -> index = p.getIntValue();
          case "tool" -> tool = p.getText();
          case "toolVersion" -> toolVersion = p.getText();
          case "revisionIds" -> {
            expect(p.currentToken(), JsonToken.START_ARRAY, "revisionIds");
            while (p.nextToken() == JsonToken.VALUE_STRING) {
              revisions.add(p.getText());
            }
          }
          case "results" -> results = p.getLongValue();
          case "suppressed" -> suppressed = p.getLongValue();
          default -> p.skipChildren();
        }
      }
      runs.add(
          new RunSummary(
              index,
              new Tool(required(tool, "tool"), toolVersion),
              revisions,
              results,
              suppressed));
    }
    return runs;
  }

  /** Hands every finding of a report's plaintext to {@code sink}, in the order they were read. */
  static void decodeFindings(byte[] plain, Consumer<? super Finding> sink) throws IOException {
    int offset = findingsOffset(plain);
    // Tools, rules, tags and files repeat across a report's findings: decoded findings share one
    // copy of each, so a posture that holds many findings holds about half the memory.
    Map<Object, Object> shared = new HashMap<>();
    try (InputStream in =
            new ZstdInputStream(new ByteArrayInputStream(plain, offset, plain.length - offset));
        JsonParser p = JSON.createParser(in)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        expect(t, JsonToken.START_OBJECT, "finding");
        sink.accept(readFinding(p, shared));
      }
    }
  }

  /** The equal value already in {@code shared}, else {@code value}, remembered. */
  @SuppressWarnings("unchecked")
  private static <T> T share(Map<Object, Object> shared, T value) {
    return (T) shared.computeIfAbsent(value, v -> v);
  }

  private static Finding readFinding(JsonParser p, Map<Object, Object> shared) throws IOException {
    int run = 0;
    String tool = null;
    String toolVersion = "";
    String rule = null;
    String ruleName = "";
    String severity = null;
    String message = "";
    String file = "";
    int line = 0;
    String fpSource = null;
    String fp = null;
    List<String> cwes = List.of();
    List<String> tags = List.of();
    boolean suppressed = false;
    String baseline = BaselineState.NOT_GIVEN.name();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "run" -> run = p.getIntValue();
        case "tool" -> tool = p.getText();
        case "toolVersion" -> toolVersion = p.getText();
        case "rule" -> rule = share(shared, p.getText());
        case "ruleName" -> ruleName = share(shared, p.getText());
        case "severity" -> severity = p.getText();
        case "message" -> message = p.getText();
        case "file" -> file = share(shared, p.getText());
        case "line" -> line = p.getIntValue();
        case "fpSource" -> fpSource = p.getText();
        case "fp" -> fp = p.getText();
        case "cwes" -> cwes = share(shared, readStrings(p, "cwes"));
        case "tags" -> tags = share(shared, readStrings(p, "tags"));
        case "suppressed" -> suppressed = p.getBooleanValue();
        case "baseline" -> baseline = p.getText();
        default -> p.skipChildren();
      }
    }
    return new Finding(
        run,
        share(shared, new Tool(required(tool, "tool"), toolVersion)),
        required(rule, "rule"),
        ruleName,
        Severity.valueOf(required(severity, "severity")),
        message,
        new Location(file, line),
        new Fingerprint(
            Fingerprint.Source.valueOf(required(fpSource, "fpSource")), required(fp, "fp")),
        cwes,
        tags,
        suppressed,
        BaselineState.valueOf(baseline));
  }

  /** The strings of a JSON array, as an immutable list (so that findings can share it). */
  private static List<String> readStrings(JsonParser p, String field) throws IOException {
    expect(p.currentToken(), JsonToken.START_ARRAY, field);
    List<String> values = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      expect(t, JsonToken.VALUE_STRING, field);
      values.add(p.getText());
    }
    return List.copyOf(values);
  }

  private static void expect(JsonToken actual, JsonToken wanted, String what) {
    if (actual != wanted) {
      throw new IllegalArgumentException(what + ": expected " + wanted + ", found " + actual);
    }
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("field " + field + " is missing");
    }
    return value;
  }
}
