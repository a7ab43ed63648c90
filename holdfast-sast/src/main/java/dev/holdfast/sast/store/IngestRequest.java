package dev.holdfast.sast.store;

import java.util.Objects;
import java.util.Optional;

/**
 * What to ingest a report as.
 *
 * @param app the application the report is about
 * @param version the version id; empty to take the report's {@code revisionId}
 * @param source the name to use in messages and to remember, such as the file name or "stdin"
 */
public record IngestRequest(String app, Optional<String> version, String source) {
  public IngestRequest {
    Objects.requireNonNull(app, "app");
    version = version == null ? Optional.empty() : version;
    Objects.requireNonNull(source, "source");
  }
}
