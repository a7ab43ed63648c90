package dev.holdfast.core.check;

import java.util.List;

/**
 * What a check found. Errors are damage (data a snapshot needs is missing or corrupt); warnings are
 * harmless leftovers such as packs of an interrupted backup.
 *
 * @param damagedFiles every file of every snapshot that cannot be restored exactly
 */
public record CheckResult(
    long snapshots,
    long trees,
    long packs,
    long packsRead,
    long blobsRead,
    long bytesRead,
    List<String> errors,
    List<String> warnings,
    List<DamagedFile> damagedFiles) {

  public CheckResult {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
    damagedFiles = List.copyOf(damagedFiles);
  }

  /** A file of a snapshot that uses damaged or missing data. */
  public record DamagedFile(String snapshot, String source, String path) {}

  /** True when no damage was found. */
  public boolean ok() {
    return errors.isEmpty();
  }
}
