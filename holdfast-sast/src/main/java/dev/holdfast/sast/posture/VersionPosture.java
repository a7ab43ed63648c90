package dev.holdfast.sast.posture;

import dev.holdfast.core.snapshot.AppVersion;
import java.util.Objects;

/**
 * The posture of one application version: its verdict, the open findings by severity, and how many
 * did not count and why.
 *
 * @param reports how many reports describe the version (0: the verdict is unknown)
 */
public record VersionPosture(
    AppVersion version,
    Verdict verdict,
    SeverityCounts open,
    long suppressed,
    long waived,
    long fixed,
    int reports) {
  public VersionPosture {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(open, "open");
  }
}
