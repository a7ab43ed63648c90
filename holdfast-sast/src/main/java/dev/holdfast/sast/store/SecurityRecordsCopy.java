package dev.holdfast.sast.store;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.crypto.AuthenticationFailed;
import dev.holdfast.core.crypto.ObjectSealer;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries the security reports and waivers of one repository into another (part of {@code copy}),
 * so the posture history travels with the backups. Each object is opened with the source's key and
 * sealed with the destination's; a report is renamed for the destination's key (its name is a keyed
 * hash), a waiver keeps its id. Idempotent: what the destination has is left alone.
 */
public final class SecurityRecordsCopy {
  private SecurityRecordsCopy() {}

  /**
   * What a copy did.
   *
   * @param unreadable source objects that failed to open and were not copied
   */
  public record Result(
      int reportsCopied,
      int reportsPresent,
      int waiversCopied,
      int waiversPresent,
      List<CorruptObject> unreadable) {
    public Result {
      unreadable = List.copyOf(unreadable);
    }
  }

  /** Copies every report and waiver of {@code from} that {@code to} lacks. */
  public static Result copy(Repository from, Repository to) {
    ReportStore source = new ReportStore(from);
    ReportStore destination = new ReportStore(to);
    List<CorruptObject> bad = new ArrayList<>();
    int reportsCopied = 0;
    int reportsPresent = 0;
    ReportStore.Listing reports = source.all();
    bad.addAll(reports.unreadable());
    for (StoredReport r : reports.reports()) {
      BlobName name = destination.nameOf(r.header().version(), r.header().sha256());
      if (destination.put(name, r.plaintext())) {
        reportsCopied++;
      } else {
        reportsPresent++;
      }
    }
    int waiversCopied = 0;
    int waiversPresent = 0;
    ObjectSealer in = from.key().objectSealer();
    ObjectSealer out = to.key().objectSealer();
    for (BlobInfo info : from.store().list(BlobKind.WAIVER)) {
      BlobName name = info.name();
      byte[] plain;
      try {
        plain = in.open(name.path(), from.store().get(name, WaiverStore.MAX_BYTES));
      } catch (NoSuchBlob e) {
        continue; // removed while we listed
      } catch (AuthenticationFailed e) {
        bad.add(
            new CorruptObject(
                "waiver " + name.name() + " failed authentication (modified or damaged)"));
        continue;
      }
      if (to.store().putIfAbsent(name, out.seal(name.path(), plain))) {
        waiversCopied++;
      } else {
        waiversPresent++;
      }
    }
    return new Result(reportsCopied, reportsPresent, waiversCopied, waiversPresent, bad);
  }
}
