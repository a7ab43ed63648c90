package dev.holdfast.sast.sarif;

/** The report is not well-formed JSON; the message gives the line and column of the fault. */
public final class MalformedSarif extends InvalidSarif {
  MalformedSarif(String source, long line, long column, String detail, Throwable cause) {
    super(
        source + ": malformed JSON at line " + line + ", column " + column + ": " + detail, cause);
  }
}
