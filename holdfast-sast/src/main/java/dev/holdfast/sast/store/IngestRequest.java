package dev.holdfast.sast.store;

import java.util.Objects;
import java.util.Optional;

/**
 * What to ingest a report as.
 *
 * @param app the application the report is about
 * @param version the version id; empty to take the report's {@code revisionId}
 * @param source the name to use in messages and to remember, such as the file name or "stdin";
 *     control characters become {@code ?} and it is cut at {@link #MAX_SOURCE} characters, so it
 *     always prints on one line
 */
public record IngestRequest(String app, Optional<String> version, String source) {
  /** Longest source name kept. */
  public static final int MAX_SOURCE = 255;

  public IngestRequest {
    Objects.requireNonNull(app, "app");
    version = version == null ? Optional.empty() : version;
    Objects.requireNonNull(source, "source");
    StringBuilder clean = new StringBuilder();
    source
        .codePoints()
        .limit(MAX_SOURCE)
        .forEach(c -> clean.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    source = clean.toString();
  }
}
