package dev.holdfast.cli.command;

import dev.holdfast.cli.Times;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.sast.posture.VersionPosture;
import dev.holdfast.sast.store.Waiver;
import java.time.Instant;

/** What the {@code sast} commands share: the JSON form of a waiver and lines for people. */
final class SastViews {
  private SastViews() {}

  /** The JSON form of a waiver. */
  record WaiverView(
      String id,
      String app,
      String finding,
      String reason,
      String until,
      boolean active,
      String createdAt,
      String by) {
    static WaiverView of(Waiver w, Instant now) {
      return new WaiverView(
          w.id(),
          w.app(),
          w.finding().hex(),
          w.reason(),
          Times.format(w.until()),
          w.activeAt(now),
          Times.format(w.createdAt()),
          w.by());
    }
  }

  static AppVersion appVersion(String app, String version) {
    try {
      return new AppVersion(app, version);
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
  }

  /** A line for people: the verdict of a version and its counts. */
  static String describe(VersionPosture p, String gate) {
    return "version "
        + p.version()
        + ": "
        + p.verdict().word()
        + " under gate "
        + gate
        + "; open: "
        + p.open().describe()
        + (p.suppressed() > 0 ? "; suppressed " + p.suppressed() : "")
        + (p.waived() > 0 ? "; waived " + p.waived() : "")
        + (p.fixed() > 0 ? "; fixed " + p.fixed() : "");
  }
}
