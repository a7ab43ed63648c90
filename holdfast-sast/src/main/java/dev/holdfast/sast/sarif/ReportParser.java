package dev.holdfast.sast.sarif;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.sast.finding.Finding;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One pass over one report with Jackson's streaming parser. The top level and each run are read
 * token by token; only a run's {@code tool}, its {@code versionControlProvenance} and one result at
 * a time become trees. Results that come before their run's {@code tool} are buffered until the
 * tool is read (docs/SAST.md, "Memory").
 */
final class ReportParser {
  static final String SUPPORTED_VERSION = "2.1.0";

  private final JsonParser parser;
  private final ObjectMapper mapper;
  private final String source;
  private final ResultNormaliser normaliser;
  private final Consumer<? super Finding> sink;
  private final List<RunSummary> runs = new ArrayList<>();
  private int peakBuffered;

  ReportParser(
      JsonParser parser,
      ObjectMapper mapper,
      String source,
      ResultNormaliser normaliser,
      Consumer<? super Finding> sink) {
    this.parser = parser;
    this.mapper = mapper;
    this.source = source;
    this.normaliser = normaliser;
    this.sink = sink;
  }

  SarifSummary parse() throws IOException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      throw new EmptySarif(source);
    }
    expect(first, JsonToken.START_OBJECT, "", "must be a JSON object (the sarifLog)");
    boolean sawVersion = false;
    boolean sawRuns = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals("version")) {
        expect(value, JsonToken.VALUE_STRING, "/version", "must be a string");
        if (!parser.getText().equals(SUPPORTED_VERSION)) {
          throw new UnsupportedSarifVersion(source, parser.getText());
        }
        sawVersion = true;
      } else if (field.equals("runs")) {
        sawRuns = true;
        if (value != JsonToken.VALUE_NULL) {
          expect(value, JsonToken.START_ARRAY, "/runs", "must be an array");
          readRuns();
        }
      } else {
        parser.skipChildren();
      }
    }
    if (parser.nextToken() != null) {
      throw new SarifStructureError(source, "the top-level object", "is followed by more content");
    }
    if (!sawVersion) {
      throw new MissingSarifField(source, "/version");
    }
    if (!sawRuns) {
      throw new MissingSarifField(source, "/runs");
    }
    return new SarifSummary(runs, peakBuffered);
  }

  private void readRuns() throws IOException {
    int index = 0;
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      String pointer = "/runs/" + index;
      expect(token, JsonToken.START_OBJECT, pointer, "must be an object");
      runs.add(readRun(index, pointer));
      index++;
    }
  }

  private RunSummary readRun(int index, String pointer) throws IOException {
    RunTool tool = null;
    List<JsonNode> pending = new ArrayList<>();
    List<String> revisions = new ArrayList<>();
    Counts counts = new Counts();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals("tool")) {
        tool = RunTool.from(mapper.readTree(parser), pointer + "/tool", source);
        for (int i = 0; i < pending.size(); i++) {
          emit(pending.get(i), pointer + "/results/" + i, index, tool, counts);
        }
        pending = List.of();
      } else if (field.equals("results") && value != JsonToken.VALUE_NULL) {
        expect(value, JsonToken.START_ARRAY, pointer + "/results", "must be an array");
        JsonToken element;
        int position = 0;
        while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
          String resultPointer = pointer + "/results/" + position;
          expect(element, JsonToken.START_OBJECT, resultPointer, "must be an object");
          JsonNode result = mapper.readTree(parser);
          if (tool != null) {
            emit(result, resultPointer, index, tool, counts);
          } else {
            pending.add(result);
            peakBuffered = Math.max(peakBuffered, pending.size());
          }
          position++;
        }
      } else if (field.equals("versionControlProvenance")) {
        JsonNode provenances = mapper.readTree(parser);
        for (JsonNode provenance : provenances) {
          String revision = Json.text(provenance, "revisionId");
          if (!revision.isEmpty()) {
            revisions.add(revision);
          }
        }
      } else {
        parser.skipChildren();
      }
    }
    if (tool == null) {
      throw new MissingSarifField(source, pointer + "/tool");
    }
    return new RunSummary(index, tool.tool(), revisions, counts.results, counts.suppressed);
  }

  private void emit(JsonNode result, String pointer, int runIndex, RunTool tool, Counts counts) {
    Finding finding = normaliser.normalise(result, pointer, runIndex, tool);
    counts.results++;
    if (finding.suppressed()) {
      counts.suppressed++;
    }
    sink.accept(finding);
  }

  private void expect(JsonToken actual, JsonToken wanted, String pointer, String problem) {
    if (actual != wanted) {
      throw new SarifStructureError(
          source,
          pointer.isEmpty() ? "the top level" : pointer,
          problem
              + " (line "
              + parser.currentTokenLocation().getLineNr()
              + ", column "
              + parser.currentTokenLocation().getColumnNr()
              + ")");
    }
  }

  private static final class Counts {
    long results;
    long suppressed;
  }
}
