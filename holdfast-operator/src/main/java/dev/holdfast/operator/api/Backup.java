package dev.holdfast.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One backup of one PersistentVolumeClaim, created by a policy's schedule or by hand. */
@Group(HoldfastResource.GROUP)
@Version(HoldfastResource.VERSION)
@Kind("Backup")
@ShortNames("hfbackup")
@AdditionalPrinterColumn(
    name = "Claim",
    jsonPath = ".spec.claim.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Snapshot",
    jsonPath = ".status.snapshotId",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Files",
    jsonPath = ".status.files",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Added",
    jsonPath = ".status.bytesAdded",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public final class Backup extends HoldfastResource<BackupSpec, BackupStatus> {}
