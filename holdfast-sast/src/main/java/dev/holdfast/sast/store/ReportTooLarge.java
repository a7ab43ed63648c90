package dev.holdfast.sast.store;

import dev.holdfast.core.HoldfastException;

/** A report whose normalised findings would not fit in one stored report (docs/SAST.md). */
public final class ReportTooLarge extends HoldfastException {
  public ReportTooLarge(String source, long bytes) {
    super(
        Kind.USAGE,
        source
            + ": the normalised findings take "
            + bytes
            + " bytes compressed, more than the "
            + ReportStore.MAX_PLAINTEXT
            + " a stored report may hold; split the report by tool or run");
  }
}
