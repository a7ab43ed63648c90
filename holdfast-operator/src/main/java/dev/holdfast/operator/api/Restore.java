package dev.holdfast.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One restore of a snapshot into a PersistentVolumeClaim. */
@Group(HoldfastResource.GROUP)
@Version(HoldfastResource.VERSION)
@Kind("Restore")
@ShortNames("hfrestore")
@AdditionalPrinterColumn(
    name = "Target",
    jsonPath = ".spec.target.claim.name",
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
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public final class Restore extends HoldfastResource<RestoreSpec, RestoreStatus> {}
