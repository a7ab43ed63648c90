package dev.holdfast.operator.api;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * The ingested report and the version's verdict.
 *
 * @param observedGeneration the spec generation this status describes
 * @param version the version the report was filed under
 * @param verdict {@code clean} or {@code vulnerable} for the version under {@code gate}
 * @param critical unwaived critical findings of the version
 * @param high unwaived high findings
 * @param medium unwaived medium findings
 * @param low unwaived low findings
 * @param ingestTime when it was ingested (RFC 3339)
 * @param conditions {@code Ingested}, with the parse error if it was refused
 * @param info unwaived informational findings
 * @param gate the gate the verdict was given under
 * @param reportId the stored report's short id (as {@code holdfast sast reports} shows it)
 * @param reportSha256 hex SHA-256 of the report as read from the ConfigMap; the same bytes are not
 *     ingested again
 * @param judgedTime when the verdict was last given (RFC 3339); it is given again every hour, as
 *     waivers are added and expire
 */
public record SecurityReportStatus(
    Long observedGeneration,
    String version,
    String verdict,
    Integer critical,
    Integer high,
    Integer medium,
    Integer low,
    String ingestTime,
    List<Condition> conditions,
    Integer info,
    String gate,
    String reportId,
    String reportSha256,
    String judgedTime) {}
