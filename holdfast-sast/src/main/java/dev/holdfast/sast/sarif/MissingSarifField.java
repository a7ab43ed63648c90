package dev.holdfast.sast.sarif;

/** A field SARIF 2.1.0 requires (and Holdfast needs) is absent; the message gives its pointer. */
public final class MissingSarifField extends InvalidSarif {
  MissingSarifField(String source, String pointer) {
    super(source + ": required field " + pointer + " is missing");
  }
}
