package dev.holdfast.sast.store;

import dev.holdfast.core.crypto.KeyedNamer;
import dev.holdfast.core.crypto.MasterKey;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;

/**
 * How report blobs are named: {@code reports/<V><R>}, where V is 32 hex digits of a keyed hash of
 * the application version and R 32 of a keyed hash of the version and the report's SHA-256. The
 * storage (which sees names) learns neither application names nor versions, only how many reports
 * each unnamed version has; a reader with the key finds a version's reports by listing, without
 * opening any; the same report ingested twice has the same name and is stored once.
 */
final class ReportNames {
  static final int HALF = 32;

  private final KeyedNamer versionNames;
  private final KeyedNamer reportNames;

  ReportNames(MasterKey key) {
    this.versionNames = key.keyedNamer("report-version");
    this.reportNames = key.keyedNamer("report");
  }

  /** The first half of the names of {@code version}'s reports. */
  String versionPart(AppVersion version) {
    return versionNames.name(version.name(), version.version()).substring(0, HALF);
  }

  /** The name of the report of {@code version} whose bytes have hex SHA-256 {@code sha256}. */
  BlobName nameOf(AppVersion version, String sha256) {
    String own = reportNames.name(version.name(), version.version(), sha256).substring(0, HALF);
    return new BlobName(BlobKind.REPORT, versionPart(version) + own);
  }

  /** True when {@code name} is a report name of the version whose first half is {@code part}. */
  static boolean belongsTo(BlobName name, String part) {
    return name.name().length() == 2 * HALF && name.name().startsWith(part);
  }
}
