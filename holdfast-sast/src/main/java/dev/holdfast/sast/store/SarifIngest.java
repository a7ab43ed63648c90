package dev.holdfast.sast.store;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.sast.sarif.RunSummary;
import dev.holdfast.sast.sarif.SarifReader;
import dev.holdfast.sast.sarif.SarifSummary;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Ingests a SARIF report into the repository as one sealed report of one application version. The
 * report is read once, its normalised findings staged compressed in memory; only when the whole
 * report validated and its version is known is anything written, in one put, so an invalid report
 * leaves the repository as it was. Ingesting the same bytes for the same version again writes
 * nothing.
 */
public final class SarifIngest {
  private final Repository repo;
  private final SarifReader reader;
  private final ReportStore reports;

  public SarifIngest(Repository repo, SarifReader reader) {
    this.repo = repo;
    this.reader = reader;
    this.reports = new ReportStore(repo);
  }

  /**
   * Reads a report from {@code in} (not closed) and stores it.
   *
   * @throws dev.holdfast.sast.sarif.InvalidSarif when the report is invalid; nothing is stored
   * @throws UsageError when the application or version is invalid, or no version can be found
   */
  public IngestResult ingest(IngestRequest request, InputStream in) {
    checkName(request);
    MessageDigest sha256 = sha256();
    SarifSummary summary;
    ReportHeader header;
    byte[] plaintext;
    try (ReportWriter writer = new ReportWriter(ReportCodec.JSON)) {
      summary = reader.read(new DigestInputStream(in, sha256), request.source(), writer);
      String digest = HexFormat.of().formatHex(sha256.digest());
      Optional<String> given = request.version();
      AppVersion version = appVersion(request, given.orElseGet(() -> revisionOf(request, summary)));
      BlobName name = reports.nameOf(version, digest);
      header =
          new ReportHeader(
              name.name(),
              version,
              given.isPresent() ? VersionSource.GIVEN : VersionSource.REVISION_ID,
              repo.clock().instant(),
              request.source(),
              digest,
              summary.runs(),
              writer.count());
      plaintext = writer.finish(header);
      if (reports.put(name, plaintext)) {
        return new IngestResult(header, true);
      }
      try {
        return new IngestResult(reports.open(name).header(), false);
      } catch (CorruptObject e) {
        // The same content was stored before and has been damaged since: store it again.
        reports.replaceDamaged(name, plaintext);
        return new IngestResult(header, true);
      }
    }
  }

  private static void checkName(IngestRequest request) {
    appVersion(request, "0");
  }

  private static AppVersion appVersion(IngestRequest request, String version) {
    try {
      return new AppVersion(request.app(), version);
    } catch (IllegalArgumentException e) {
      throw new UsageError(request.source() + ": " + e.getMessage());
    }
  }

  /** The one revision id the report's runs name, for a request without a version. */
  private static String revisionOf(IngestRequest request, SarifSummary summary) {
    Set<String> ids = new LinkedHashSet<>();
    for (RunSummary run : summary.runs()) {
      ids.addAll(run.revisionIds());
    }
    if (ids.isEmpty()) {
      throw new UsageError(
          request.source()
              + ": no version given and the report names none"
              + " (run.versionControlProvenance[].revisionId); give --version");
    }
    if (ids.size() > 1) {
      List<String> some = new ArrayList<>(ids).subList(0, Math.min(ids.size(), 5));
      throw new UsageError(
          request.source()
              + ": the report names "
              + ids.size()
              + " revisions ("
              + String.join(", ", some)
              + "); give --version to say which application version it describes");
    }
    return ids.iterator().next();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
