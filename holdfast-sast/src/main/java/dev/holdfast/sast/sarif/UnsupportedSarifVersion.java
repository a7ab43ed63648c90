package dev.holdfast.sast.sarif;

/** The report's {@code version} is not 2.1.0, the only SARIF version Holdfast reads. */
public final class UnsupportedSarifVersion extends InvalidSarif {
  UnsupportedSarifVersion(String source, String version) {
    super(
        source
            + ": SARIF version \""
            + version
            + "\" at /version is not supported, Holdfast reads version 2.1.0");
  }
}
