package dev.holdfast.sast.store;

/**
 * What ingesting a report did.
 *
 * @param header the stored report
 * @param created false when the same bytes had been ingested for the same version before (nothing
 *     was written)
 */
public record IngestResult(ReportHeader header, boolean created) {}
