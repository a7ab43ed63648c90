package dev.holdfast.sast.sarif;

/**
 * The report is JSON but not valid SARIF where Holdfast depends on it: a value of the wrong type at
 * a required place, or a rule reference that points nowhere; the message gives the pointer.
 */
public final class SarifStructureError extends InvalidSarif {
  SarifStructureError(String source, String pointer, String problem) {
    super(source + ": " + pointer + " " + problem);
  }
}
