package dev.holdfast.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Which PersistentVolumeClaims are backed up, when, into which repository, how long snapshots are
 * kept, and how the application is made consistent first.
 */
@Group(HoldfastResource.GROUP)
@Version(HoldfastResource.VERSION)
@Kind("BackupPolicy")
@ShortNames("hfpolicy")
@AdditionalPrinterColumn(
    name = "Repository",
    jsonPath = ".spec.repository",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Schedule",
    jsonPath = ".spec.schedule",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "PVCs",
    jsonPath = ".status.matchedClaims",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Last backup",
    jsonPath = ".status.lastScheduleTime",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public final class BackupPolicy extends HoldfastResource<BackupPolicySpec, BackupPolicyStatus> {}
