package dev.holdfast.sast.sarif;

/** The report is larger than the configured limit; refused before or while it is read. */
public final class SarifTooLarge extends InvalidSarif {
  SarifTooLarge(String source, long limitBytes) {
    super(source + ": the report is larger than the limit of " + limitBytes + " bytes");
  }
}
