package dev.holdfast.sast.store;

/** Where the application version of a stored report came from. */
public enum VersionSource {
  /** The user named it ({@code --version}). */
  GIVEN,
  /** The report's {@code run.versionControlProvenance[].revisionId}. */
  REVISION_ID
}
