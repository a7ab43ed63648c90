package dev.holdfast.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How commands print: JSON for scripts (one document per command, stable schema in docs/CLI.md) or
 * aligned tables and short lines for people.
 */
public final class Output {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private static final ObjectWriter PRETTY =
      JSON.writerWithDefaultPrettyPrinter().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private final PrintWriter out;
  private final boolean json;
  private final boolean quiet;

  public Output(PrintWriter out, GlobalOptions global) {
    this.out = out;
    this.json = global.json();
    this.quiet = global.quiet();
  }

  /** True when the user asked for JSON. */
  public boolean json() {
    return json;
  }

  /**
   * Prints {@code value} as JSON (only in JSON mode), written straight to the output rather than
   * built as one string first: posture over 10,000 snapshots prints about 10 MB.
   */
  public void printJson(Object value) {
    try {
      PRETTY.writeValue(out, value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot print JSON", e); // a PrintWriter does not throw
    }
    out.println();
    out.flush();
  }

  /** Prints a line for people (nothing in JSON or quiet mode). */
  public void line(String text) {
    if (!json && !quiet) {
      out.println(text);
      out.flush();
    }
  }

  /** Prints an aligned table for people; numeric-looking columns are right-aligned. */
  public void table(List<String> headers, List<List<String>> rows) {
    if (json || quiet) {
      return;
    }
    int n = headers.size();
    int[] width = new int[n];
    boolean[] numeric = new boolean[n];
    for (int c = 0; c < n; c++) {
      width[c] = headers.get(c).length();
      numeric[c] = !rows.isEmpty();
    }
    for (List<String> row : rows) {
      for (int c = 0; c < n; c++) {
        String v = row.get(c);
        width[c] = Math.max(width[c], v.length());
        if (!v.isEmpty() && !v.matches("[-+]?[0-9][0-9.,]*( ?[KMGTP]?i?B)?")) {
          numeric[c] = false;
        }
      }
    }
    out.println(render(headers, width, numeric));
    List<String> rule = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      rule.add("-".repeat(width[c]));
    }
    out.println(String.join("  ", rule));
    for (List<String> row : rows) {
      out.println(render(row, width, numeric));
    }
    out.flush();
  }

  private static String render(List<String> cells, int[] width, boolean[] numeric) {
    StringBuilder b = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      if (c > 0) {
        b.append("  ");
      }
      String v = cells.get(c);
      String pad = " ".repeat(width[c] - v.length());
      if (numeric[c]) {
        b.append(pad).append(v);
      } else if (c == cells.size() - 1) {
        b.append(v);
      } else {
        b.append(v).append(pad);
      }
    }
    return b.toString();
  }
}
