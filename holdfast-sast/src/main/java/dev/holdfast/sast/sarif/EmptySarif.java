package dev.holdfast.sast.sarif;

/** The report has no content at all (zero bytes or only whitespace). */
public final class EmptySarif extends InvalidSarif {
  EmptySarif(String source) {
    super(source + ": the report is empty, expected a SARIF 2.1.0 JSON object");
  }
}
