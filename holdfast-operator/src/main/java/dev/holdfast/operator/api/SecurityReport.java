package dev.holdfast.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A SARIF report for one application version, ingested into a repository for posture. */
@Group(HoldfastResource.GROUP)
@Version(HoldfastResource.VERSION)
@Kind("SecurityReport")
@ShortNames("hfsarif")
@AdditionalPrinterColumn(
    name = "App",
    jsonPath = ".spec.app",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Version",
    jsonPath = ".status.version",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Verdict",
    jsonPath = ".status.verdict",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Critical",
    jsonPath = ".status.critical",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "High",
    jsonPath = ".status.high",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public final class SecurityReport
    extends HoldfastResource<SecurityReportSpec, SecurityReportStatus> {}
