package dev.holdfast.sast.store;

import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.sast.sarif.RunSummary;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What is known of one stored report without reading its findings: the application version it
 * describes, when and from what it was ingested, and what its runs held.
 *
 * @param name the report's blob name: 32 hex digits naming the version, 32 naming the report
 * @param source the name the report was read from ("ci.sarif", "stdin"), for people
 * @param sha256 hex SHA-256 of the report's bytes as ingested; the same bytes are stored once
 * @param findings the number of results over all runs (before deduplication)
 */
public record ReportHeader(
    String name,
    AppVersion version,
    VersionSource versionSource,
    Instant ingestedAt,
    String source,
    String sha256,
    List<RunSummary> runs,
    long findings) {

  public ReportHeader {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(versionSource, "versionSource");
    Objects.requireNonNull(ingestedAt, "ingestedAt");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sha256, "sha256");
    runs = List.copyOf(runs);
  }

  /** The short id people use for this report: 12 hex digits of its own half of the name. */
  public String id() {
    return name.substring(ReportNames.HALF, ReportNames.HALF + 12);
  }

  /** The tools of its runs, as {@code name version}, without duplicates, in run order. */
  public List<String> tools() {
    return runs.stream()
        .map(r -> (r.tool().name() + " " + r.tool().version()).strip())
        .distinct()
        .toList();
  }
}
